import { ApiProperty } from '@nestjs/swagger';

export class SkippedNodeDoc {
  @ApiProperty() node_id!: string;
  @ApiProperty({ enum: ['no_importance', 'not_found'], description: 'no_importance: an Entity (no importance yet); not_found: no Event node of the session\'s agent scope.' })
  reason!: string;
}

export class FeedbackResultDoc {
  @ApiProperty({ format: 'uuid', description: 'The `system.feedback` event recording the request; derived from it, so a repeat names the same event.' })
  feedback_event_id!: string;

  @ApiProperty({ enum: ['accepted', 'duplicate'], description: 'duplicate: this feedback was recorded before and nothing was adjusted again.' })
  status!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'node id → its new importance_score (1–10).' })
  adjusted!: Record<string, number>;

  @ApiProperty({ type: [SkippedNodeDoc] })
  skipped!: SkippedNodeDoc[];
}
