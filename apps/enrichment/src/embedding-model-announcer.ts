import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { Embedder } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import { announceEmbeddingModel, EMBEDDING_MODEL_ANNOUNCEMENT_TTL_MS, KeySpace } from '@cg/redis';

/**
 * Tells the API which model this replica embeds with (the API holds no embedder, and names the
 * model in its readiness): announced at start-up and renewed every third of its expiry, so it lapses
 * soon after the last replica stops. A replica finding another model announced says so: queries
 * answered by one would search vectors of the other in vain.
 */
export class EmbeddingModelAnnouncer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    private readonly embedder: Embedder,
    private readonly logger: Pick<JsonLogger, 'write'>,
    private readonly ttlMs = EMBEDDING_MODEL_ANNOUNCEMENT_TTL_MS,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.announce();
    this.timer = setInterval(() => void this.announce(), this.ttlMs / 3);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async announce(): Promise<void> {
    const { model, dimension } = this.embedder;
    try {
      const replaced = await announceEmbeddingModel(this.redis, this.keys, { model, dimension }, this.ttlMs);
      if (replaced && (replaced.model !== model || replaced.dimension !== dimension)) {
        this.logger.write('warn', 'another enrichment replica announces another embedding model', { model, dimension, other_model: replaced.model, other_dimension: replaced.dimension });
      }
    } catch (error) {
      // Only the API's readiness detail depends on it: the next renewal tries again.
      this.logger.write('warn', 'could not announce the embedding model', { model, error: (error as Error).message });
    }
  }
}
