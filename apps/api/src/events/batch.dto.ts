import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsDefined } from 'class-validator';
import { EventDto } from './event.dto';

/** `POST /v1/events/batch`; the events themselves are validated one by one, each under `events[i]`. */
export class BatchDto {
  @ApiProperty({ type: [EventDto], minItems: 1, maxItems: 1000 })
  @IsDefined({ message: 'is required' })
  @IsArray({ message: 'must be an array of events' })
  @ArrayNotEmpty({ message: 'must hold at least one event' })
  events!: unknown[];
}
