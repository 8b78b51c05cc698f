import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AtlasResponse } from '@cg/domain';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe } from '../http/input-validation';
import { EntityIdParams } from './entity-id.params';
import { EntityQuery } from './entity.query';
import { GetEntity } from './get-entity.use-case';

@ApiTags('entities')
@ApiBearerAuth()
@Controller('v1/entities')
export class EntitiesController {
  constructor(private readonly getEntity: GetEntity) {}

  @Get(':entity_id')
  @ApiOperation({ summary: 'An entity of an agent scope and the events referencing it, newest first, with provenance (Atlas shape)' })
  @ApiErrors(401, 404, 422, 429, 503)
  get(@Tenant() tenant: string, @Param(InputPipe) params: EntityIdParams, @Query(InputPipe) query: EntityQuery): Promise<AtlasResponse> {
    return this.getEntity.execute({ tenant, agentId: query.agent_id, entityId: params.entity_id, limit: query.limit, cursor: query.cursor });
  }
}
