import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommonConfig, ConfigError } from '../config';
import { JsonLogger } from '../logger';
import { createMetricsRegistry } from '../metrics';
import { Registry } from '../prom';
import { startOpsServer } from '../ops-server';
import { StageWorker } from './stage-worker';

export interface WorkerConfig {
  common: CommonConfig;
  /** Ops port (health, metrics); 0 picks a free one. */
  port: number;
  consumer: { consumerName: string };
}

export interface WorkerDefinition<C extends WorkerConfig> {
  app: string;
  loadConfig: () => C;
  module: (config: C, logger: JsonLogger, registry: Registry) => DynamicModule | Promise<DynamicModule>;
}

/**
 * The `main` of every pipeline worker: validated config (a bad variable exits 1 naming it), a Nest
 * application context (no HTTP adapter) running the stage, a small ops port for health and
 * metrics, and a graceful exit on SIGTERM/SIGINT.
 */
export async function startWorker<C extends WorkerConfig>(definition: WorkerDefinition<C>): Promise<void> {
  const { app: name } = definition;
  let config: C;
  try {
    config = definition.loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = new JsonLogger(name, config.common.logLevel);
  const registry = createMetricsRegistry(name);
  let app;
  try {
    app = await NestFactory.createApplicationContext(await definition.module(config, logger, registry), { logger, abortOnError: false });
  } catch (error) {
    logger.write('error', `${name} failed to start`, { error: (error as Error).message });
    process.exit(1);
  }
  const worker = app.get(StageWorker);
  // Readiness waits as long as one Redis command may: a frozen Redis answers 503 as soon as the ping fails.
  const ops = await startOpsServer({ port: config.port, registry, ready: () => worker.readiness(), logger, readyTimeoutMs: config.common.redisCommandTimeoutMs });
  logger.info(`${name} started`, { consumer: config.consumer.consumerName, key_prefix: config.common.keyPrefix });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    try {
      await app.close(); // stops the consumer (batch in hand finished and acked), then closes Redis
      await ops.close();
      process.exit(0);
    } catch (error) {
      logger.write('error', 'shutdown failed', { error: (error as Error).message });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
