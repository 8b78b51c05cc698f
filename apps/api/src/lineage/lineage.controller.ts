import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AtlasResponse } from '@cg/domain';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe } from '../http/input-validation';
import { LineageQuery } from './lineage.query';
import { NodeIdParams } from './node-id.params';
import { NodeLineage } from './node-lineage.use-case';

@ApiTags('query')
@ApiBearerAuth()
@Controller('v1/nodes')
export class LineageController {
  constructor(private readonly lineage: NodeLineage) {}

  @Get(':node_id/lineage')
  @ApiOperation({ summary: 'Causal and temporal lineage of an event, entity or summary (down its SUMMARIZES edges to the events it covers): a bounded walk weighted by intent (default why), ranked, paginated (Atlas shape)' })
  @ApiErrors(401, 404, 410, 422, 429, 503)
  get(@Tenant() tenant: string, @Param(InputPipe) params: NodeIdParams, @Query(InputPipe) query: LineageQuery): Promise<AtlasResponse> {
    return this.lineage.execute(tenant, params.node_id, query);
  }
}
