import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDefined, IsString, Length, Matches } from 'class-validator';
import { EVENT_RULES, MAX_FEEDBACK_NODES } from '@cg/domain';

const REQUIRED = { message: 'is required' };
/** Bounded so both full lists still fit the feedback event's payload cap (64 KiB by default). */
const MAX_NODE_ID_LENGTH = 256;

/** A list of node ids: an array (possibly empty) of at most 100 ids. */
const NodeIds = (): PropertyDecorator => (target, key) => {
  ApiProperty({ type: [String], maxItems: MAX_FEEDBACK_NODES, description: 'Node ids, e.g. event ids from the Atlas response.' })(target, key);
  IsDefined(REQUIRED)(target, key);
  IsArray({ message: 'must be an array of node ids' })(target, key);
  ArrayMaxSize(MAX_FEEDBACK_NODES, { message: `must hold at most ${MAX_FEEDBACK_NODES} ids` })(target, key);
  IsString({ each: true, message: 'must hold node ids (strings)' })(target, key);
  Length(1, MAX_NODE_ID_LENGTH, { each: true, message: `must hold ids of 1–${MAX_NODE_ID_LENGTH} characters` })(target, key);
};

/** `POST /v1/feedback`: which returned nodes helped an answer and which did not. */
export class FeedbackDto {
  @ApiProperty({ format: 'uuid', description: 'The `meta.query_id` of the answer judged.' })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.uuid, { message: 'must be a UUID' })
  query_id!: string;

  @ApiProperty({ pattern: EVENT_RULES.scopeId.source })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.scopeId, { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' })
  session_id!: string;

  @NodeIds()
  helpful_node_ids!: string[];

  @NodeIds()
  irrelevant_node_ids!: string[];
}
