import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorBody, errorBody } from '@cg/platform';
import { ApiConfig } from '../config/api-config';
import { ApiErrors } from '../http/api-errors';
import { API_CONFIG } from '../infra/tokens';
import { Readiness } from './readiness';

/** A ready API's answer; the embedding model is null (unknown) while no enrichment replica announces one. */
interface ReadyBody {
  status: 'ready';
  embedding_model: string | null;
  embedding_dimension: number | null;
}

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
  @ApiOperation({
    summary: 'Redis reachable and ledger scripts loaded, checked on every call; 503 naming what is not',
    description: 'When ready, also names the embedding model of query and stored vectors, as the running enrichment replicas announce it '
      + '(`embedding_model`, `embedding_dimension`); both null (unknown) while no enrichment replica runs.',
  })
  @ApiErrors(503)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadyBody | ErrorBody> {
    const [failures, embedding] = await Promise.all([this.readiness.failures(), this.readiness.embeddingModel()]);
    if (!failures.length) return { status: 'ready', embedding_model: embedding?.model ?? null, embedding_dimension: embedding?.dimension ?? null };
    // Like every 503: the prober may come back once Redis answers again.
    reply.status(503).header('retry-after', String(this.config.retryAfterSeconds));
    return errorBody('not_ready', 'the API cannot serve requests yet', failures);
  }
}
