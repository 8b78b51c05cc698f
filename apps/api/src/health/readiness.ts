import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { FieldError } from '@cg/domain';
import type { AnnouncedEmbeddingModel } from '@cg/redis';
import { EMBEDDING_MODEL_READER, EmbeddingModelReader, REDIS, SCRIPTS_CHECK, ScriptsCheck } from '../infra/tokens';

/** What `/health/ready` checks: Redis answers, and the ledger's scripts are loaded; and which embedding model is in use. */
@Injectable()
export class Readiness {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SCRIPTS_CHECK) private readonly scriptsLoaded: ScriptsCheck,
    @Inject(EMBEDDING_MODEL_READER) private readonly readEmbeddingModel: EmbeddingModelReader,
  ) {}

  /** The failed checks; empty when ready. */
  async failures(): Promise<FieldError[]> {
    try {
      await this.redis.ping();
    } catch (error) {
      return [{ field: 'redis', message: `unreachable: ${(error as Error).message}` }];
    }
    try {
      return (await this.scriptsLoaded()) ? [] : [{ field: 'scripts', message: 'ledger scripts are not loaded' }];
    } catch (error) {
      return [{ field: 'scripts', message: `could not be loaded: ${(error as Error).message}` }];
    }
  }

  /**
   * The model the enrichment replicas announce, or null (unknown): none running, or Redis did not
   * answer within its command timeout. Never a failure: the API serves without its vector channel.
   */
  async embeddingModel(): Promise<AnnouncedEmbeddingModel | null> {
    return this.readEmbeddingModel().catch(() => null);
  }
}
