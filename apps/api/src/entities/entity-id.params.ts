import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { ENTITY_ID_MAX_LENGTH, isWellFormedEntityId } from '@cg/domain';

export class EntityIdParams {
  @ApiProperty({ example: 'entity:person:maria-lopez', maxLength: ENTITY_ID_MAX_LENGTH, description: 'entity:<type>:<normalized name>' })
  @ValidateBy({
    name: 'isEntityId',
    validator: {
      validate: (value) => typeof value === 'string' && isWellFormedEntityId(value),
      defaultMessage: () => 'must be entity:<type>:<normalized name> (lowercase, words joined by -), e.g. entity:person:maria-lopez',
    },
  })
  entity_id!: string;
}
