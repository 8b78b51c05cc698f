import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { Clock } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import {
  KeySpace, PartitionRegistry, readAnnouncedEmbeddingModel, readStageStatus, RedisEventLedger, RedisGraphStore, RedisSnapshotStore,
} from '@cg/redis';
import { ApiConfig } from '../config/api-config';
import { IngestBackpressure } from '../events/ingest-backpressure';
import { ApiMetrics } from '../metrics/api-metrics';
import { queryEmbeddingProvider } from './query-embedding';
import { rankedReadDeps } from './ranked-read-deps';
import {
  API_CONFIG, CLOCK, EMBEDDING_MODEL_READER, EmbeddingModelReader, EVENT_LEDGER, GRAPH_STORE, LOGGER, PARTITION_REGISTRY, RANKED_READ_DEPS, REDIS,
  SCRIPTS_CHECK, SESSION_DIRECTORY, STAGE_STATUS_READER, StageStatusReader,
} from './tokens';

/** What the composition root builds before Nest starts (it needs them for Fastify hooks too). */
export interface ApiRuntime {
  config: ApiConfig;
  redis: Redis;
  clock: Clock;
  logger: JsonLogger;
  metrics: ApiMetrics;
}

/** Binds the Redis adapters to the domain ports, and closes the connection on shutdown. */
@Global()
@Module({})
export class InfraModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static register(runtime: ApiRuntime): DynamicModule {
    const { config, redis } = runtime;
    const keys = new KeySpace(config.keyPrefix);
    const ledger = new RedisEventLedger(redis, keys, config.partitions);
    const readStage: StageStatusReader = (scope, stage, options) => readStageStatus(redis, keys, scope, stage, options);
    const readEmbeddingModel: EmbeddingModelReader = () => readAnnouncedEmbeddingModel(redis, keys);
    const providers = [
      { provide: API_CONFIG, useValue: config },
      { provide: REDIS, useValue: redis },
      { provide: CLOCK, useValue: runtime.clock },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: ApiMetrics, useValue: runtime.metrics },
      { provide: EVENT_LEDGER, useValue: ledger },
      { provide: SESSION_DIRECTORY, useValue: ledger },
      { provide: SCRIPTS_CHECK, useValue: () => ledger.scriptsLoaded() },
      { provide: EMBEDDING_MODEL_READER, useValue: readEmbeddingModel },
      { provide: PARTITION_REGISTRY, useValue: new PartitionRegistry(redis, keys) },
      { provide: GRAPH_STORE, useValue: new RedisGraphStore(redis, keys) },
      { provide: RANKED_READ_DEPS, useValue: rankedReadDeps(runtime, new RedisSnapshotStore(redis, keys)) },
      { provide: STAGE_STATUS_READER, useValue: readStage },
      // One per process, shared by every ingest path: its readings are what keeps stage reads to one a second.
      { provide: IngestBackpressure, useClass: IngestBackpressure },
      queryEmbeddingProvider(redis, keys, config.queryEmbeddingTimeoutMs),
    ];
    return { module: InfraModule, providers, exports: providers.map((p) => p.provide) };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
