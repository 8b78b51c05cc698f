import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PROJECTION_STAGE } from '@cg/domain';
import { JsonLogger, ReadinessResult, Registry, StageMetrics } from '@cg/platform';
import {
  connectRedis, createRedis, KeySpace, PartitionRegistry, RedisEventLedger, RedisGraphStore, StageStreamWriter, StreamConsumer,
} from '@cg/redis';
import { ProjectionConfig } from './config';
import { ProjectEventsUseCase } from './project-events.use-case';
import { ProjectionHandler } from './projection.handler';

export const PROJECTION_CONFIG = Symbol('PROJECTION_CONFIG');
export const REDIS = Symbol('REDIS');
type Redis = ReturnType<typeof createRedis>;

/** Starts the consumer once everything is wired, stops it first on shutdown (Redis closes last). */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis, private readonly consumer: StreamConsumer) {}

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  /** SIGTERM: stop reading, finish and ack the batch in hand. */
  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Ready when Redis answers and the consumer has found the partitions to read. */
  async readiness(): Promise<ReadinessResult> {
    const pong = await this.redis.ping().catch((error: Error) => error.message);
    return { ready: pong === 'PONG', checks: { redis: pong === 'PONG' ? 'ok' : pong, partitions: this.consumer.scopes.length } };
  }
}

/** Stage 1 worker: ledger stream → graph → projected stream. No HTTP adapter; see main.ts. */
@Module({})
export class ProjectionModule {
  static forRoot(config: ProjectionConfig, logger: JsonLogger, registry: Registry): DynamicModule {
    return {
      module: ProjectionModule,
      providers: [
        { provide: PROJECTION_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: Registry, useValue: registry },
        {
          provide: REDIS,
          useFactory: async () => {
            const redis = createRedis(config.common.redisUrl, 'projection');
            await connectRedis(redis, config.common.redisUrl);
            return redis;
          },
        },
        { provide: KeySpace, useFactory: () => new KeySpace(config.common.keyPrefix) },
        { provide: RedisEventLedger, useFactory: (r: Redis, k: KeySpace) => new RedisEventLedger(r, k, config.common.partitions), inject: [REDIS, KeySpace] },
        { provide: RedisGraphStore, useFactory: (r: Redis, k: KeySpace) => new RedisGraphStore(r, k), inject: [REDIS, KeySpace] },
        { provide: PartitionRegistry, useFactory: (r: Redis, k: KeySpace) => new PartitionRegistry(r, k), inject: [REDIS, KeySpace] },
        { provide: StageStreamWriter, useFactory: (r: Redis, k: KeySpace) => new StageStreamWriter(r, k), inject: [REDIS, KeySpace] },
        {
          provide: ProjectEventsUseCase,
          useFactory: (ledger: RedisEventLedger, graph: RedisGraphStore, out: StageStreamWriter) => new ProjectEventsUseCase(ledger, graph, out),
          inject: [RedisEventLedger, RedisGraphStore, StageStreamWriter],
        },
        {
          provide: ProjectionHandler,
          useFactory: (useCase: ProjectEventsUseCase) => new ProjectionHandler(useCase, logger, registry),
          inject: [ProjectEventsUseCase],
        },
        {
          provide: StreamConsumer,
          useFactory: (r: Redis, k: KeySpace, partitions: PartitionRegistry, handler: ProjectionHandler) => {
            const c = config.consumer;
            return new StreamConsumer(r, k, partitions, handler, {
              stage: PROJECTION_STAGE,
              consumer: c.consumerName,
              batchSize: c.batchSize,
              blockMs: c.blockMs,
              claimIdleMs: c.claimIdleMs,
              maxRetries: c.maxRetries,
              discoveryIntervalMs: c.partitionPollMs,
              statusIntervalMs: c.statusIntervalMs,
              metrics: new StageMetrics(registry, PROJECTION_STAGE.stage),
              logger,
            });
          },
          inject: [REDIS, KeySpace, PartitionRegistry, ProjectionHandler],
        },
        ProjectionWorker,
      ],
    };
  }
}
