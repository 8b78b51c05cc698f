import { DynamicModule, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { CONSOLIDATION_STAGE, Summarizer } from '@cg/domain';
import { createSummarizer, llmConfigured } from '@cg/llm';
import { JsonLogger, REDIS, Registry, stageProviders, SystemClock } from '@cg/platform';
import {
  KeySpace, LedgerRetention, PartitionRegistry, RedisForgettingStore, RedisGraphStore, RedisLexicalIndex, RedisReflectionAccumulator, RedisScopeLock,
  RedisSummaryStore, RedisVectorIndex, StageStreamWriter,
} from '@cg/redis';
import { ConsolidationConfig } from './config';
import { ConsolidateUseCase } from './consolidate.use-case';
import { ConsolidationHandler } from './consolidation.handler';
import { ConsolidationMetrics } from './consolidation.metrics';
import { ConsolidationScheduler } from './consolidation.scheduler';
import { Reconsolidate, ReconsolidateServer } from './admin/reconsolidate.server';

/** Makes the Summarizer of one pass (each pass its own LLM token budget, SPEC §9 cost cap). */
export const SUMMARIZER_FACTORY = Symbol('SUMMARIZER_FACTORY');
export type SummarizerFactory = () => Summarizer;

/** Stage 3 worker: enriched stream → reflection counts → summaries; plus the schedule. See main.ts. */
@Module({})
export class ConsolidationModule {
  static forRoot(config: ConsolidationConfig, logger: JsonLogger, registry: Registry, summarizers?: SummarizerFactory): DynamicModule {
    const llm = llmConfigured(config.llm);
    // Said at start-up (never the key): which summarizer writes the summaries.
    logger.info(llm ? 'summaries by LLM, extractive as fallback' : 'no LLM configured (LLM_BASE_URL, LLM_MODEL): summaries are extractive', {
      ...(llm ? { llm_base_url: config.llm.baseUrl, llm_model: config.llm.model } : {}),
    });
    const factory: SummarizerFactory = summarizers ?? (() => createSummarizer(config.llm, {
      onFallback: (error) => logger.warn('LLM summary failed; extractive summary instead', { error: (error as Error).message }),
    }));
    return {
      module: ConsolidationModule,
      providers: [
        ...stageProviders({
          app: 'consolidation', config, stage: CONSOLIDATION_STAGE, logger, registry, handler: ConsolidationHandler,
          checks: { inject: [], useFactory: () => () => ({ summarizer: llm ? `llm:${config.llm.model}` : 'extractive' }) },
        }),
        { provide: SUMMARIZER_FACTORY, useValue: factory },
        { provide: ConsolidationMetrics, useFactory: () => new ConsolidationMetrics(registry) },
        { provide: RedisGraphStore, useFactory: (r: Redis, k: KeySpace) => new RedisGraphStore(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisSummaryStore, useFactory: (r: Redis, k: KeySpace) => new RedisSummaryStore(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisReflectionAccumulator, useFactory: (r: Redis, k: KeySpace) => new RedisReflectionAccumulator(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisScopeLock, useFactory: (r: Redis, k: KeySpace) => new RedisScopeLock(r, k), inject: [REDIS, KeySpace] },
        {
          provide: RedisForgettingStore,
          useFactory: (r: Redis, k: KeySpace) => new RedisForgettingStore(r, k, new RedisVectorIndex(r, k), new RedisLexicalIndex(r, k)),
          inject: [REDIS, KeySpace],
        },
        {
          provide: ConsolidateUseCase,
          useFactory: (r: Redis, k: KeySpace, graph: RedisGraphStore, summaries: RedisSummaryStore, accumulator: RedisReflectionAccumulator,
            lock: RedisScopeLock, forgetting: RedisForgettingStore, make: SummarizerFactory) => new ConsolidateUseCase(
            { graph, summaries, accumulator, lock, forgetting, output: new StageStreamWriter(r, k), retention: new LedgerRetention(r, k) },
            make, new SystemClock(config.common.clockOffsetMs), {
              reflectionThreshold: config.reflectionThreshold, episodeGapMs: config.episodeGapMs, lockTtlMs: config.lockTtlMs,
              forgetting: config.forgetting, streamRetentionMs: config.streamRetentionMs, ledgerRetentionMs: config.ledgerRetentionMs,
            }),
          inject: [REDIS, KeySpace, RedisGraphStore, RedisSummaryStore, RedisReflectionAccumulator, RedisScopeLock, RedisForgettingStore, SUMMARIZER_FACTORY],
        },
        {
          provide: ConsolidationHandler,
          useFactory: (useCase: ConsolidateUseCase, metrics: ConsolidationMetrics) => new ConsolidationHandler(useCase, logger, metrics),
          inject: [ConsolidateUseCase, ConsolidationMetrics],
        },
        {
          provide: ConsolidationScheduler,
          useFactory: (useCase: ConsolidateUseCase, accumulator: RedisReflectionAccumulator, partitions: PartitionRegistry, metrics: ConsolidationMetrics) =>
            new ConsolidationScheduler(useCase, accumulator, () => partitions.list(), config.intervalMs, logger, metrics),
          inject: [ConsolidateUseCase, RedisReflectionAccumulator, PartitionRegistry, ConsolidationMetrics],
        },
        {
          provide: Reconsolidate,
          useFactory: (useCase: ConsolidateUseCase, accumulator: RedisReflectionAccumulator, metrics: ConsolidationMetrics) => new Reconsolidate(useCase, accumulator, logger, metrics),
          inject: [ConsolidateUseCase, RedisReflectionAccumulator, ConsolidationMetrics],
        },
        {
          provide: ReconsolidateServer,
          useFactory: (r: Redis, k: KeySpace, reconsolidate: Reconsolidate) => new ReconsolidateServer(r, k, config.consumer.consumerName, reconsolidate, logger),
          inject: [REDIS, KeySpace, Reconsolidate],
        },
      ],
    };
  }
}
