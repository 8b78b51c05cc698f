import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { EVENT_RULES, Intent, INTENTS, RETRIEVAL_BOUNDS } from '@cg/domain';
import { IfPresent } from '../http/input-validation';

const REQUIRED = { message: 'is required' };
const SCOPE_ID = { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' };
const MAX_QUERY_CHARS = 4096;
const MAX_SEED_NODES = 50;
const { maxNodes, maxDepth, timeoutMs } = RETRIEVAL_BOUNDS;

/** `POST /v1/query/subgraph`: what the user asked, in which session, for which agent scope. */
export class SubgraphDto {
  @ApiProperty({ example: 'why did the deploy fail?', maxLength: MAX_QUERY_CHARS })
  @IsDefined(REQUIRED) @IsString({ message: 'must be a string' })
  @Length(1, MAX_QUERY_CHARS, { message: `must be 1–${MAX_QUERY_CHARS} characters` })
  query!: string;

  @ApiProperty({ pattern: EVENT_RULES.scopeId.source })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.scopeId, SCOPE_ID)
  session_id!: string;

  @ApiProperty({ pattern: EVENT_RULES.scopeId.source, description: 'The agent scope searched: all its sessions.' })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.scopeId, SCOPE_ID)
  agent_id!: string;

  @ApiPropertyOptional({ minimum: maxNodes.min, maximum: maxNodes.max, default: maxNodes.default })
  @IfPresent() @IsInt({ message: 'must be an integer' })
  @Min(maxNodes.min, { message: `must be from ${maxNodes.min} to ${maxNodes.max}` }) @Max(maxNodes.max, { message: `must be from ${maxNodes.min} to ${maxNodes.max}` })
  max_nodes: number = maxNodes.default;

  @ApiPropertyOptional({ minimum: maxDepth.min, maximum: maxDepth.max, default: maxDepth.default })
  @IfPresent() @IsInt({ message: 'must be an integer' })
  @Min(maxDepth.min, { message: `must be from ${maxDepth.min} to ${maxDepth.max}` }) @Max(maxDepth.max, { message: `must be from ${maxDepth.min} to ${maxDepth.max}` })
  max_depth: number = maxDepth.default;

  @ApiPropertyOptional({ minimum: timeoutMs.min, maximum: timeoutMs.max, default: timeoutMs.default })
  @IfPresent() @IsInt({ message: 'must be an integer' })
  @Min(timeoutMs.min, { message: `must be from ${timeoutMs.min} to ${timeoutMs.max}` }) @Max(timeoutMs.max, { message: `must be from ${timeoutMs.min} to ${timeoutMs.max}` })
  timeout_ms: number = timeoutMs.default;

  @ApiPropertyOptional({ enum: INTENTS, description: 'Overrides the inferred intents.' })
  @IfPresent() @IsIn(INTENTS, { message: `must be one of ${INTENTS.join(', ')}` })
  intent?: Intent;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_SEED_NODES, description: 'Node ids to start from, besides the ones the service finds.' })
  @IfPresent() @IsArray({ message: 'must be an array of node ids' }) @ArrayMaxSize(MAX_SEED_NODES, { message: `must hold at most ${MAX_SEED_NODES} ids` })
  @IsString({ each: true, message: 'must hold node ids (strings)' })
  seed_nodes?: string[];

  @ApiPropertyOptional({ description: 'The `pagination.cursor` of the previous page.' })
  @IfPresent() @IsString({ message: 'must be a string' })
  cursor?: string;
}
