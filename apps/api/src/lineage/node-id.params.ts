import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { EVENT_RULES, isWellFormedEntityId, isWellFormedSummaryId, SUMMARY_ID_MAX_LENGTH } from '@cg/domain';

/**
 * A lineage starts from an event (its UUID), an entity (`entity:<type>:<normalized name>`) or a
 * summary (`summary:<episode|session|agent>:<scope id>`).
 */
export class NodeIdParams {
  @ApiProperty({
    example: '3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c', maxLength: SUMMARY_ID_MAX_LENGTH,
    description: 'An event id (UUID), an entity id (entity:<type>:<name>) or a summary id (summary:<level>:<scope id>)',
  })
  @ValidateBy({
    name: 'isNodeId',
    validator: {
      validate: (value) => typeof value === 'string' && (EVENT_RULES.uuid.test(value) || isWellFormedEntityId(value) || isWellFormedSummaryId(value)),
      defaultMessage: () => 'must be an event id (UUID), entity:<type>:<normalized name> or summary:<episode|session|agent>:<scope id>',
    },
  })
  node_id!: string;
}
