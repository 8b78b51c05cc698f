import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { ENTITY_ID_MAX_LENGTH, EVENT_RULES, isWellFormedEntityId } from '@cg/domain';

/** A lineage starts from an event (its UUID) or an entity (`entity:<type>:<normalized name>`). */
export class NodeIdParams {
  @ApiProperty({ example: '3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c', maxLength: ENTITY_ID_MAX_LENGTH, description: 'An event id (UUID) or an entity id' })
  @ValidateBy({
    name: 'isNodeId',
    validator: {
      validate: (value) => typeof value === 'string' && (EVENT_RULES.uuid.test(value) || isWellFormedEntityId(value)),
      defaultMessage: () => 'must be an event id (UUID) or entity:<type>:<normalized name>',
    },
  })
  node_id!: string;
}
