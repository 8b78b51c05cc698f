import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_RULES, Intent, INTENTS, RETRIEVAL_BOUNDS } from '@cg/domain';
import { IfPresent } from '../http/input-validation';

const MAX_CURSOR_LENGTH = 512;
const { maxNodes, maxDepth } = RETRIEVAL_BOUNDS;

export class LineageQuery {
  @ApiPropertyOptional({ enum: INTENTS, default: 'why', description: 'Weights the edges followed (SPEC §8)' })
  @IsIn(INTENTS, { message: `must be one of ${INTENTS.join(', ')}` })
  intent: Intent = 'why';

  @ApiPropertyOptional({ minimum: maxDepth.min, maximum: maxDepth.max, default: maxDepth.default })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(maxDepth.min, { message: `must be from ${maxDepth.min} to ${maxDepth.max}` }) @Max(maxDepth.max, { message: `must be from ${maxDepth.min} to ${maxDepth.max}` })
  max_depth: number = maxDepth.default;

  @ApiPropertyOptional({ minimum: maxNodes.min, maximum: maxNodes.max, default: maxNodes.default, description: 'Nodes per page' })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(maxNodes.min, { message: `must be from ${maxNodes.min} to ${maxNodes.max}` }) @Max(maxNodes.max, { message: `must be from ${maxNodes.min} to ${maxNodes.max}` })
  max_nodes: number = maxNodes.default;

  @ApiPropertyOptional({ description: 'From the previous page\'s pagination.cursor' })
  @IfPresent() @IsString({ message: 'must be a string' }) @MaxLength(MAX_CURSOR_LENGTH, { message: 'is too long' })
  cursor?: string;

  @ApiPropertyOptional({ pattern: EVENT_RULES.scopeId.source, description: 'The agent scope: required for an entity id, optional for an event id' })
  @IfPresent() @Matches(EVENT_RULES.scopeId, { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' })
  agent_id?: string;
}
