import { INestMicroservice, LoggerService } from '@nestjs/common';
import { Embedder } from '@cg/domain';
import { EMBED_QUERY, embedQueryHandler, QUERY_EMBEDDING_CHANNEL } from './query-embedding.contract';
import { RedisStreamRpcServerOptions } from './redis-stream-rpc.server';
import { startRpcServer } from './rpc-host';

export interface QueryEmbeddingServerOptions extends Omit<RedisStreamRpcServerOptions, 'channel'> {
  embedder: Embedder;
  /** Nest's own messages; false silences them. */
  nestLogger?: LoggerService | false;
}

/**
 * Starts answering `embed.query` on the query-embedding channel: a small Nest microservice beside
 * the enrichment worker, sharing its embedder. `close()` it on shutdown before Redis closes; it
 * answers the requests in hand first.
 */
export function startQueryEmbeddingServer(options: QueryEmbeddingServerOptions): Promise<INestMicroservice> {
  const { embedder, ...server } = options;
  return startRpcServer({ ...server, channel: QUERY_EMBEDDING_CHANNEL, pattern: EMBED_QUERY, handle: embedQueryHandler(embedder) });
}
