import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsObject, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_RULES, EVENT_STATUSES, EventStatus } from '@cg/domain';
import { IfPresent, IsInstant } from '../http/input-validation';

const REQUIRED = { message: 'is required' };
const UUID = { message: 'must be a UUID' };
const SCOPE_ID = { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' };
const MAX_REF_LENGTH = 2048;
const MAX_TOOL_NAME_LENGTH = 256;

/** The event envelope of SPEC §3, strict: fields not declared here are refused. */
export class EventDto {
  @ApiProperty({ format: 'uuid', description: 'Idempotency key; compared case-insensitively, stored lowercase.' })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.uuid, UUID)
  event_id!: string;

  @ApiProperty({ example: 'tool.execute', maxLength: EVENT_RULES.eventTypeMaxLength, pattern: EVENT_RULES.eventType.source })
  @IsDefined(REQUIRED)
  @Matches(EVENT_RULES.eventType, { message: 'must be dot-namespaced lowercase, e.g. tool.execute' })
  @MaxLength(EVENT_RULES.eventTypeMaxLength, { message: `must be at most ${EVENT_RULES.eventTypeMaxLength} characters` })
  event_type!: string;

  @ApiProperty({ format: 'date-time', description: 'RFC 3339 with zone; at most 5 minutes in the future.' })
  @IsDefined(REQUIRED) @IsInstant()
  occurred_at!: string;

  @ApiProperty({ pattern: EVENT_RULES.scopeId.source })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.scopeId, SCOPE_ID)
  session_id!: string;

  @ApiProperty({ pattern: EVENT_RULES.scopeId.source, description: 'The agent scope; a session belongs to one agent.' })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.scopeId, SCOPE_ID)
  agent_id!: string;

  @ApiProperty({ pattern: EVENT_RULES.scopeId.source })
  @IsDefined(REQUIRED) @Matches(EVENT_RULES.scopeId, SCOPE_ID)
  trace_id!: string;

  @ApiProperty({ description: 'Where the full payload lives (URI or opaque id).', maxLength: MAX_REF_LENGTH })
  @IsDefined(REQUIRED) @IsString({ message: 'must be a string' })
  @Length(1, MAX_REF_LENGTH, { message: `must be 1–${MAX_REF_LENGTH} characters` })
  payload_ref!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Inline content, e.g. {"text": "..."}; size-capped.' })
  @IfPresent() @IsObject({ message: 'must be a JSON object' })
  payload?: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: MAX_TOOL_NAME_LENGTH })
  @IfPresent() @IsString({ message: 'must be a string' })
  @Length(1, MAX_TOOL_NAME_LENGTH, { message: `must be 1–${MAX_TOOL_NAME_LENGTH} characters` })
  tool_name?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The causing event (CAUSED_BY edge).' })
  @IfPresent() @Matches(EVENT_RULES.uuid, UUID)
  parent_event_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of a span; not before occurred_at.' })
  @IfPresent() @IsInstant()
  ended_at?: string;

  @ApiPropertyOptional({ enum: EVENT_STATUSES })
  @IfPresent() @IsIn(EVENT_STATUSES, { message: `must be one of ${EVENT_STATUSES.join(', ')}` })
  status?: EventStatus;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IfPresent() @IsInt({ message: 'must be an integer' }) @Min(1, { message: 'must be at least 1' })
  schema_version?: number;

  @ApiPropertyOptional({ minimum: EVENT_RULES.importanceHint.min, maximum: EVENT_RULES.importanceHint.max })
  @IfPresent()
  @IsInt({ message: 'must be an integer' })
  @Min(EVENT_RULES.importanceHint.min, { message: `must be from ${EVENT_RULES.importanceHint.min} to ${EVENT_RULES.importanceHint.max}` })
  @Max(EVENT_RULES.importanceHint.max, { message: `must be from ${EVENT_RULES.importanceHint.min} to ${EVENT_RULES.importanceHint.max}` })
  importance_hint?: number;
}
