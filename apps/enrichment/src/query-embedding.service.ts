import { BeforeApplicationShutdown, INestMicroservice, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { Embedder } from '@cg/domain';
import { JsonLogger, startQueryEmbeddingServer } from '@cg/platform';
import { KeySpace } from '@cg/redis';

/**
 * Answers the API's query-embedding requests (SPEC §2) with the same embedder as the stored vectors,
 * beside the stage; closed before Redis is, answering the requests in hand first.
 */
export class QueryEmbeddingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: INestMicroservice;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    private readonly embedder: Embedder,
    private readonly consumer: string,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startQueryEmbeddingServer({
      embedder: this.embedder, redis: this.redis, keys: this.keys, consumer: this.consumer, logger: this.logger, nestLogger: this.logger,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
