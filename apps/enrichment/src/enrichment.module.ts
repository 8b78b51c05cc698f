import { DynamicModule, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { Embedder, ENRICHMENT_STAGE } from '@cg/domain';
import { createEmbedder } from '@cg/embedding';
import { CompromiseAnalyzer } from '@cg/nlp';
import { JsonLogger, REDIS, Registry, stageProviders } from '@cg/platform';
import { KeySpace, RedisEnrichmentStore, RedisGraphStore, RedisLexicalIndex, RedisVectorIndex, StageStreamWriter } from '@cg/redis';
import { EnrichmentConfig } from './config';
import { EnrichEventsUseCase } from './enrich-events.use-case';
import { EmbeddingModelAnnouncer } from './embedding-model-announcer';
import { EnrichmentHandler } from './enrichment.handler';
import { QueryEmbeddingService } from './query-embedding.service';

export const EMBEDDER = Symbol('EMBEDDER');

/** Stage 2 worker: projected stream → enriched graph and indexes → enriched stream. See main.ts. */
@Module({})
export class EnrichmentModule {
  static async forRoot(config: EnrichmentConfig, logger: JsonLogger, registry: Registry): Promise<DynamicModule> {
    // Chosen before anything runs, and said at start-up: the embeddings server (which must pass its
    // probe, or enrichment does not start), else fastembed from a model directory, else the local embedder.
    const embedder = await createEmbedder({ server: config.embeddingServer, modelDir: config.modelDir, cacheDir: config.cacheDir, logger });
    return {
      module: EnrichmentModule,
      providers: [
        ...stageProviders({
          app: 'enrichment', config, stage: ENRICHMENT_STAGE, logger, registry, handler: EnrichmentHandler,
          checks: { inject: [EMBEDDER], useFactory: (e: Embedder) => () => ({ embedding_model: e.model, embedding_dimension: e.dimension }) },
        }),
        { provide: EMBEDDER, useValue: embedder },
        { provide: RedisGraphStore, useFactory: (r: Redis, k: KeySpace) => new RedisGraphStore(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisEnrichmentStore, useFactory: (r: Redis, k: KeySpace) => new RedisEnrichmentStore(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisVectorIndex, useFactory: (r: Redis, k: KeySpace) => new RedisVectorIndex(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisLexicalIndex, useFactory: (r: Redis, k: KeySpace) => new RedisLexicalIndex(r, k), inject: [REDIS, KeySpace] },
        { provide: StageStreamWriter, useFactory: (r: Redis, k: KeySpace) => new StageStreamWriter(r, k), inject: [REDIS, KeySpace] },
        {
          provide: EnrichEventsUseCase,
          useFactory: (graph: RedisGraphStore, store: RedisEnrichmentStore, vectors: RedisVectorIndex, lexical: RedisLexicalIndex, out: StageStreamWriter) =>
            new EnrichEventsUseCase(graph, new CompromiseAnalyzer(), embedder, store, vectors, lexical, out, config),
          inject: [RedisGraphStore, RedisEnrichmentStore, RedisVectorIndex, RedisLexicalIndex, StageStreamWriter],
        },
        { provide: EnrichmentHandler, useFactory: (useCase: EnrichEventsUseCase) => new EnrichmentHandler(useCase, logger, registry), inject: [EnrichEventsUseCase] },
        { provide: EmbeddingModelAnnouncer, useFactory: (r: Redis, k: KeySpace) => new EmbeddingModelAnnouncer(r, k, embedder, logger), inject: [REDIS, KeySpace] },
        {
          provide: QueryEmbeddingService,
          useFactory: (r: Redis, k: KeySpace) => new QueryEmbeddingService(r, k, embedder, config.consumer.consumerName, logger),
          inject: [REDIS, KeySpace],
        },
      ],
    };
  }
}
