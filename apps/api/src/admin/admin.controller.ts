import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../auth/tenant.decorator';
import { ApiErrors } from '../http/api-errors';
import { PipelineStatus, PipelineStatusView } from './pipeline-status.use-case';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly pipelineStatus: PipelineStatus) {}

  @Get('pipeline')
  @ApiOperation({ summary: 'Lag, pending and dead letters of every stage; drained when all lag and pending are 0' })
  @ApiErrors(401, 503)
  pipeline(@Tenant() tenant: string): Promise<PipelineStatusView> {
    return this.pipelineStatus.execute(tenant);
  }
}
