import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IngestResultDoc {
  @ApiProperty({ format: 'uuid' }) event_id!: string;
  @ApiProperty({ example: '1707644400000-0', nullable: true, description: 'Entry id in the global stream (the first copy\'s for a repeat); null when a session conflict kept the event out.' })
  global_position!: string | null;
  @ApiProperty({ enum: ['accepted', 'duplicate', 'conflict'] }) status!: string;
  @ApiPropertyOptional({ enum: ['content', 'session'], description: 'Batch only: why a conflict was refused.' }) conflict?: string;
}

export class BatchResultDoc {
  @ApiProperty({ type: [IngestResultDoc] }) results!: IngestResultDoc[];
  @ApiProperty() accepted!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() conflicts!: number;
}
