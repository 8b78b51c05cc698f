import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorBody, errorBody } from '@cg/platform';
import { ApiErrors } from '../http/api-errors';
import { Readiness } from './readiness';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Redis reachable and ledger scripts loaded; 503 naming what is not' })
  @ApiErrors(503)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' } | ErrorBody> {
    const failures = await this.readiness.failures();
    if (!failures.length) return { status: 'ready' };
    reply.status(503);
    return errorBody('not_ready', 'the API cannot serve requests yet', failures);
  }
}
