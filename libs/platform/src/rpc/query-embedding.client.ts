import { OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { KeySpace } from '@cg/redis';
import { EMBED_QUERY, EmbedQueryRequest, QUERY_EMBEDDING_CHANNEL, QueryEmbedding } from './query-embedding.contract';
import { RedisStreamRpcClient } from './redis-stream-rpc.client';

export const DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS = 1_500;

export interface QueryEmbeddingClientOptions {
  redis: Redis;
  keys: KeySpace;
  timeoutMs?: number;
  maxConnections?: number;
}

/**
 * How the API gets a query vector without an ML runtime: the enrichment service embeds it. Rejects
 * with RpcTimeoutError when no replica answers in time; the caller then runs without its vector channel.
 */
export class QueryEmbeddingClient implements OnApplicationShutdown {
  private readonly rpc: RedisStreamRpcClient;

  constructor(options: QueryEmbeddingClientOptions) {
    const { timeoutMs = DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS, ...rest } = options;
    this.rpc = new RedisStreamRpcClient({ ...rest, channel: QUERY_EMBEDDING_CHANNEL, timeoutMs });
  }

  embedQuery(text: string): Promise<QueryEmbedding> {
    return firstValueFrom(this.rpc.send<QueryEmbedding, EmbedQueryRequest>(EMBED_QUERY, { text }));
  }

  close(): Promise<void> {
    return this.rpc.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
