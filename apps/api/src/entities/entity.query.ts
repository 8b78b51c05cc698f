import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_RULES } from '@cg/domain';
import { IfPresent } from '../http/input-validation';

/** SPEC §7 bounds of `GET /v1/entities/{entity_id}`: referencing events per page. */
const LIMIT = { min: 1, max: 500, default: 50 } as const;
const MAX_CURSOR_LENGTH = 512;

export class EntityQuery {
  @ApiProperty({ pattern: EVENT_RULES.scopeId.source, description: 'The agent scope the entity belongs to' })
  @IsDefined({ message: 'is required' })
  @Matches(EVENT_RULES.scopeId, { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' })
  agent_id!: string;

  @ApiPropertyOptional({ minimum: LIMIT.min, maximum: LIMIT.max, default: LIMIT.default, description: 'Referencing events per page' })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(LIMIT.min, { message: `must be from ${LIMIT.min} to ${LIMIT.max}` })
  @Max(LIMIT.max, { message: `must be from ${LIMIT.min} to ${LIMIT.max}` })
  limit: number = LIMIT.default;

  @ApiPropertyOptional({ description: 'From the previous page\'s pagination.cursor' })
  @IfPresent() @IsString({ message: 'must be a string' }) @MaxLength(MAX_CURSOR_LENGTH, { message: 'is too long' })
  cursor?: string;
}
