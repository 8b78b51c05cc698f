import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorBody, errorBody } from '@cg/platform';
import { ApiConfig } from '../config/api-config';
import { ApiErrors } from '../http/api-errors';
import { API_CONFIG } from '../infra/tokens';
import { Readiness } from './readiness';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'retryAfterSeconds'>,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Redis reachable and ledger scripts loaded, checked on every call; 503 naming what is not' })
  @ApiErrors(503)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' } | ErrorBody> {
    const failures = await this.readiness.failures();
    if (!failures.length) return { status: 'ready' };
    // Like every 503: the prober may come back once Redis answers again.
    reply.status(503).header('retry-after', String(this.config.retryAfterSeconds));
    return errorBody('not_ready', 'the API cannot serve requests yet', failures);
  }
}
