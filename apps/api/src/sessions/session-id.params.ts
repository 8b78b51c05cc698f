import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EVENT_RULES } from '@cg/domain';

export class SessionIdParams {
  @ApiProperty({ pattern: EVENT_RULES.scopeId.source })
  @Matches(EVENT_RULES.scopeId, { message: 'must be 1–256 characters of [A-Za-z0-9._:@/-]' })
  session_id!: string;
}
