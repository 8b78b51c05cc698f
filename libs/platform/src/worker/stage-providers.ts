import { InjectionToken, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { StageDefinition } from '@cg/domain';
import { connectRedis, createRedis, KeySpace, PartitionRegistry, StreamConsumer, StreamHandler } from '@cg/redis';
import { StageConsumerConfig } from '../consumer-config';
import { JsonLogger } from '../logger';
import { Registry } from '../prom';
import { StageMetrics } from '../stage-metrics';
import { WorkerConfig } from './start-worker';
import { StageChecks, StageWorker } from './stage-worker';

/** The worker's Redis connection (connected before anything uses it). */
export const REDIS = Symbol('REDIS');

export interface StageProvidersOptions {
  app: string;
  config: WorkerConfig & { consumer: StageConsumerConfig };
  stage: StageDefinition;
  logger: JsonLogger;
  registry: Registry;
  /** The provider that handles the stage's batches. */
  handler: InjectionToken;
  /** The stage's own readiness details, resolved from its providers. */
  checks?: { inject: InjectionToken[]; useFactory: (...deps: never[]) => StageChecks };
}

/** What every stage worker wires the same way: Redis, key space, partitions, the consumer, the worker. */
export function stageProviders(options: StageProvidersOptions): Provider[] {
  const { app, config, stage, logger, registry } = options;
  const c = config.consumer;
  const CHECKS = Symbol('STAGE_CHECKS');
  return [
    { provide: JsonLogger, useValue: logger },
    { provide: Registry, useValue: registry },
    {
      provide: REDIS,
      useFactory: async () => {
        const redis = createRedis(config.common.redisUrl, app, config.common.redisCommandTimeoutMs);
        await connectRedis(redis, config.common.redisUrl);
        return redis;
      },
    },
    { provide: KeySpace, useValue: new KeySpace(config.common.keyPrefix) },
    { provide: PartitionRegistry, useFactory: (r: Redis, k: KeySpace) => new PartitionRegistry(r, k), inject: [REDIS, KeySpace] },
    {
      provide: StreamConsumer,
      useFactory: (r: Redis, k: KeySpace, partitions: PartitionRegistry, handler: StreamHandler) => new StreamConsumer(r, k, partitions, handler, {
        stage,
        consumer: c.consumerName,
        batchSize: c.batchSize,
        blockMs: c.blockMs,
        claimIdleMs: c.claimIdleMs,
        maxRetries: c.maxRetries,
        discoveryIntervalMs: c.partitionPollMs,
        statusIntervalMs: c.statusIntervalMs,
        metrics: new StageMetrics(registry, stage.stage),
        logger,
      }),
      inject: [REDIS, KeySpace, PartitionRegistry, options.handler],
    },
    options.checks
      ? { provide: CHECKS, inject: options.checks.inject, useFactory: options.checks.useFactory as (...deps: unknown[]) => StageChecks }
      : { provide: CHECKS, useValue: () => ({}) },
    { provide: StageWorker, useFactory: (r: Redis, consumer: StreamConsumer, checks: StageChecks) => new StageWorker(r, consumer, checks), inject: [REDIS, StreamConsumer, CHECKS] },
  ];
}
