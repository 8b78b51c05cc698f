import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EVENT_RULES } from '@cg/domain';

export class EventIdParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(EVENT_RULES.uuid, { message: 'must be a UUID' })
  event_id!: string;
}
