import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AtlasResponse } from '@cg/domain';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe, RequiredBodyPipe } from '../http/input-validation';
import { QuerySubgraph } from './query-subgraph.use-case';
import { SubgraphDto } from './subgraph.dto';

@ApiTags('query')
@ApiBearerAuth()
@Controller('v1/query')
export class QueryController {
  constructor(private readonly subgraph: QuerySubgraph) {}

  @Post('subgraph')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retrieval: what the agent needs to know for this query — seeds, a bounded walk, ranked and explained (Atlas shape)' })
  @ApiBody({ type: SubgraphDto })
  @ApiErrors(400, 401, 410, 413, 415, 422, 429, 503)
  query(@Tenant() tenant: string, @Body(RequiredBodyPipe, InputPipe) body: SubgraphDto): Promise<AtlasResponse> {
    return this.subgraph.execute(tenant, body);
  }
}
