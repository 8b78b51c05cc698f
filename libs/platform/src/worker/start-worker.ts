import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommonConfig, ConfigError } from '../config';
import { listenFailure } from '../listen-failure';
import { JsonLogger } from '../logger';
import { createMetricsRegistry } from '../metrics';
import { Registry } from '../prom';
import { OpsServer, ReadinessCheck, ReadinessResult, startOpsServer } from '../ops-server';
import { OPS_HOST_VARIABLE, OpsConfig } from './ops-config';
import { StageWorker } from './stage-worker';

export interface WorkerConfig {
  common: CommonConfig;
  ops: OpsConfig;
  consumer: { consumerName: string };
}

export interface WorkerDefinition<C extends WorkerConfig> {
  app: string;
  loadConfig: () => C;
  module: (config: C, logger: JsonLogger, registry: Registry) => DynamicModule | Promise<DynamicModule>;
}

const STARTING: ReadinessResult = { ready: false, checks: { stage: 'starting' } };

/**
 * The `main` of every pipeline worker: validated config (a bad variable exits 1 naming it), the ops
 * port for health and metrics (a taken port exits 1 naming its variable, before anything else
 * starts), a Nest application context (no HTTP adapter) running the stage, and a graceful exit on
 * SIGTERM/SIGINT.
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
  // Not ready while the stage starts (loading a model can take a while); the stage's own check after.
  let readiness: ReadinessCheck = async () => STARTING;
  const ops = await openOpsPort(name, config, registry, logger, () => readiness());
  let app;
  try {
    app = await NestFactory.createApplicationContext(await definition.module(config, logger, registry), { logger, abortOnError: false });
  } catch (error) {
    logger.write('error', `${name} failed to start`, { error: (error as Error).message });
    process.exit(1);
  }
  const worker = app.get(StageWorker);
  readiness = () => worker.readiness();
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

/** Listens on `OPS_HOST`:`<APP>_PORT`, or exits 1 with one line naming the variable to change. */
async function openOpsPort(name: string, config: WorkerConfig, registry: Registry, logger: JsonLogger, ready: ReadinessCheck): Promise<OpsServer> {
  const { host, port, portVariable } = config.ops;
  try {
    // Readiness waits as long as one Redis command may: a frozen Redis answers 503 once the ping fails.
    return await startOpsServer({ host, port, registry, ready, logger, readyTimeoutMs: config.common.redisCommandTimeoutMs });
  } catch (error) {
    const problem = listenFailure(error, { host, port, portVariable, hostVariable: OPS_HOST_VARIABLE });
    if (problem === null) throw error;
    process.stderr.write(`${name}: ${problem}\n`);
    process.exit(1);
  }
}
