import { ValueProvider } from '@nestjs/common';
import type Redis from 'ioredis';
import { QueryEmbeddingClient } from '@cg/platform';
import { KeySpace } from '@cg/redis';

/** Query vectors come from the enrichment service over Redis: the API holds no ML runtime. */
export function queryEmbeddingProvider(redis: Redis, keys: KeySpace, timeoutMs: number): ValueProvider<QueryEmbeddingClient> {
  return { provide: QueryEmbeddingClient, useValue: new QueryEmbeddingClient({ redis, keys, timeoutMs }) };
}
