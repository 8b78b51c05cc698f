import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReconsolidateReply } from '@cg/platform';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { InputPipe } from '../http/input-validation';
import { AdminRequests, ReplayResult } from './admin-requests.use-case';
import { OptionalBodyPipe } from './optional-body.pipe';
import { ReconsolidateDto, ReconsolidateResultDoc, ReplayResultDoc } from './admin.dto';
import { PipelineStatus, PipelineStatusView } from './pipeline-status.use-case';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly pipelineStatus: PipelineStatus, private readonly admin: AdminRequests) {}

  @Get('pipeline')
  @ApiOperation({ summary: 'Lag, pending and dead letters of every stage; drained when all lag and pending are 0' })
  @ApiErrors(401, 403, 429, 503)
  pipeline(@Tenant() tenant: string): Promise<PipelineStatusView> {
    return this.pipelineStatus.execute(tenant);
  }

  @Post('reconsolidate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run Stage 3 now: a full consolidation pass over one agent scope (agent_id) or every agent scope of the tenant; answered per scope' })
  @ApiBody({ type: ReconsolidateDto, required: false })
  @ApiOkResponse({ type: ReconsolidateResultDoc })
  @ApiErrors(400, 401, 403, 413, 415, 422, 429, 503)
  reconsolidate(@Tenant() tenant: string, @Body(OptionalBodyPipe, InputPipe) body: ReconsolidateDto): Promise<ReconsolidateReply> {
    return this.admin.reconsolidate(tenant, body.agent_id);
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rebuild the tenant\'s graph from the ledger: derived data wiped, every retained event projected again in global_position order; '
      + 'answered once projected (enrichment and consolidation catch up after: poll GET /v1/admin/pipeline until drained)',
  })
  @ApiOkResponse({ type: ReplayResultDoc })
  @ApiErrors(401, 403, 409, 429, 503)
  replay(@Tenant() tenant: string): Promise<ReplayResult> {
    return this.admin.replay(tenant);
  }
}
