import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IfPresent } from '../http/input-validation';

const MAX_LIMIT = 1000;
const MAX_CURSOR_LENGTH = 512;

export class SessionEventsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 100 })
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: `must be from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `must be from 1 to ${MAX_LIMIT}` })
  limit: number = 100;

  @ApiPropertyOptional({ description: 'From the previous page\'s pagination.cursor' })
  @IfPresent() @IsString({ message: 'must be a string' }) @MaxLength(MAX_CURSOR_LENGTH, { message: 'is too long' })
  cursor?: string;
}
