import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AtlasResponse } from '@cg/domain';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe } from '../http/input-validation';
import { SessionIdParams } from '../sessions/session-id.params';
import { ContextQuery } from './context.query';
import { GetWorkingMemory } from './working-memory.use-case';

@ApiTags('context')
@ApiBearerAuth()
@Controller('v1/context')
export class ContextController {
  constructor(private readonly workingMemory: GetWorkingMemory) {}

  @Get(':session_id')
  @ApiOperation({ summary: 'Working memory: the session\'s events and the summaries covering them (max_depth SUMMARIZES levels) ranked by composite score, with edges and provenance (Atlas shape)' })
  @ApiErrors(401, 410, 422, 429, 503)
  get(@Tenant() tenant: string, @Param(InputPipe) params: SessionIdParams, @Query(InputPipe) query: ContextQuery): Promise<AtlasResponse> {
    return this.workingMemory.execute({
      tenant,
      sessionId: params.session_id,
      maxNodes: query.max_nodes,
      maxDepth: query.max_depth,
      cursor: query.cursor,
    });
  }
}
