import { ValueProvider } from '@nestjs/common';
import type Redis from 'ioredis';
import { DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS, loadConfig, QueryEmbeddingClient } from '@cg/platform';
import { KeySpace } from '@cg/redis';

/**
 * `QUERY_EMBEDDING_TIMEOUT_MS`: how long a query waits for the enrichment service to embed it
 * before running without its vector channel. Kept short: it adds to the query's latency.
 */
export function readQueryEmbeddingTimeoutMs(source: Record<string, string | undefined> = process.env): number {
  return loadConfig((env) => env.int('QUERY_EMBEDDING_TIMEOUT_MS', DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS, 50, 10_000), source);
}

/** Query vectors come from the enrichment service over Redis: the API holds no ML runtime. */
export function queryEmbeddingProvider(redis: Redis, keys: KeySpace): ValueProvider<QueryEmbeddingClient> {
  return { provide: QueryEmbeddingClient, useValue: new QueryEmbeddingClient({ redis, keys, timeoutMs: readQueryEmbeddingTimeoutMs() }) };
}
