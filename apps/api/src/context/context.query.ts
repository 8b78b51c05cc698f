import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IfPresent } from '../http/input-validation';

/** SPEC §7 bounds of `GET /v1/context`. */
const CONTEXT_BOUNDS = { maxNodes: { min: 1, max: 500, default: 100 }, maxDepth: { min: 1, max: 10, default: 3 } } as const;
const MAX_QUERY_LENGTH = 2000;
const MAX_CURSOR_LENGTH = 512;
const { maxNodes, maxDepth } = CONTEXT_BOUNDS;

export class ContextQuery {
  @ApiPropertyOptional({ minimum: maxNodes.min, maximum: maxNodes.max, default: maxNodes.default })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(maxNodes.min, { message: `must be from ${maxNodes.min} to ${maxNodes.max}` })
  @Max(maxNodes.max, { message: `must be from ${maxNodes.min} to ${maxNodes.max}` })
  max_nodes: number = maxNodes.default;

  @ApiPropertyOptional({ minimum: maxDepth.min, maximum: maxDepth.max, default: maxDepth.default, description: 'SUMMARIZES levels above the events' })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(maxDepth.min, { message: `must be from ${maxDepth.min} to ${maxDepth.max}` })
  @Max(maxDepth.max, { message: `must be from ${maxDepth.min} to ${maxDepth.max}` })
  max_depth: number = maxDepth.default;

  @ApiPropertyOptional({ maxLength: MAX_QUERY_LENGTH, description: 'Sets relevance once nodes carry embeddings (enrichment); until then every relevance is 0.5' })
  @IfPresent() @IsString({ message: 'must be a string' }) @MaxLength(MAX_QUERY_LENGTH, { message: `must be at most ${MAX_QUERY_LENGTH} characters` })
  query?: string;

  @ApiPropertyOptional({ description: 'From the previous page\'s pagination.cursor; valid for CURSOR_TTL_MS' })
  @IfPresent() @IsString({ message: 'must be a string' }) @MaxLength(MAX_CURSOR_LENGTH, { message: 'is too long' })
  cursor?: string;
}
