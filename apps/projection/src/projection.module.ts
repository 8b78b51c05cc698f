import { DynamicModule, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { PROJECTION_STAGE } from '@cg/domain';
import { JsonLogger, REDIS, Registry, stageProviders } from '@cg/platform';
import { KeySpace, RedisEventLedger, RedisGraphStore, RedisImportanceFeedback, RedisReplayStore, StageStreamWriter } from '@cg/redis';
import { ReplayServer, ReplayTenant } from './admin/replay.server';
import { ProjectionConfig } from './config';
import { ProjectEventsUseCase } from './project-events.use-case';
import { ProjectionHandler } from './projection.handler';

/** Stage 1 worker: ledger stream → graph (nodes, edges, recorded feedback) → projected stream; serves admin replay. No HTTP adapter; see main.ts. */
@Module({})
export class ProjectionModule {
  static forRoot(config: ProjectionConfig, logger: JsonLogger, registry: Registry): DynamicModule {
    return {
      module: ProjectionModule,
      providers: [
        ...stageProviders({ app: 'projection', config, stage: PROJECTION_STAGE, logger, registry, handler: ProjectionHandler }),
        { provide: RedisEventLedger, useFactory: (r: Redis, k: KeySpace) => new RedisEventLedger(r, k, config.common.partitions), inject: [REDIS, KeySpace] },
        { provide: RedisGraphStore, useFactory: (r: Redis, k: KeySpace) => new RedisGraphStore(r, k), inject: [REDIS, KeySpace] },
        { provide: StageStreamWriter, useFactory: (r: Redis, k: KeySpace) => new StageStreamWriter(r, k), inject: [REDIS, KeySpace] },
        { provide: RedisImportanceFeedback, useFactory: (r: Redis, k: KeySpace) => new RedisImportanceFeedback(r, k), inject: [REDIS, KeySpace] },
        {
          provide: ProjectEventsUseCase,
          useFactory: (ledger: RedisEventLedger, graph: RedisGraphStore, out: StageStreamWriter, importance: RedisImportanceFeedback) =>
            new ProjectEventsUseCase(ledger, graph, out, importance),
          inject: [RedisEventLedger, RedisGraphStore, StageStreamWriter, RedisImportanceFeedback],
        },
        { provide: ProjectionHandler, useFactory: (useCase: ProjectEventsUseCase) => new ProjectionHandler(useCase, logger, registry), inject: [ProjectEventsUseCase] },
        {
          provide: ReplayTenant,
          useFactory: (r: Redis, k: KeySpace, useCase: ProjectEventsUseCase, out: StageStreamWriter) =>
            new ReplayTenant(new RedisReplayStore(r, k), useCase, out, logger, config.consumer.batchSize),
          inject: [REDIS, KeySpace, ProjectEventsUseCase, StageStreamWriter],
        },
        {
          provide: ReplayServer,
          useFactory: (r: Redis, k: KeySpace, replay: ReplayTenant) => new ReplayServer(r, k, config.consumer.consumerName, replay, logger),
          inject: [REDIS, KeySpace, ReplayTenant],
        },
      ],
    };
  }
}
