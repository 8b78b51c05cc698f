import { Controller, DynamicModule, Inject, INestMicroservice, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Embedder } from '@cg/domain';
import { EMBED_QUERY, embedQueryHandler, EmbedQueryRequest, QUERY_EMBEDDING_CHANNEL, QueryEmbedding } from './query-embedding.contract';
import { RedisStreamRpcServer, RedisStreamRpcServerOptions } from './redis-stream-rpc.server';

const QUERY_EMBEDDER = Symbol('QUERY_EMBEDDER');

@Controller()
export class EmbedQueryController {
  private readonly handle: (request: EmbedQueryRequest) => Promise<QueryEmbedding>;

  constructor(@Inject(QUERY_EMBEDDER) embedder: Embedder) {
    this.handle = embedQueryHandler(embedder);
  }

  @MessagePattern(EMBED_QUERY)
  embed(@Payload() request: EmbedQueryRequest): Promise<QueryEmbedding> {
    return this.handle(request);
  }
}

@Module({})
export class QueryEmbeddingRpcModule {
  static forEmbedder(embedder: Embedder): DynamicModule {
    return { module: QueryEmbeddingRpcModule, controllers: [EmbedQueryController], providers: [{ provide: QUERY_EMBEDDER, useValue: embedder }] };
  }
}

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
export async function startQueryEmbeddingServer(options: QueryEmbeddingServerOptions): Promise<INestMicroservice> {
  const { embedder, nestLogger, ...server } = options;
  const strategy = new RedisStreamRpcServer({ ...server, channel: QUERY_EMBEDDING_CHANNEL });
  const app = await NestFactory.createMicroservice(QueryEmbeddingRpcModule.forEmbedder(embedder), { strategy, logger: nestLogger });
  await app.listen();
  return app;
}
