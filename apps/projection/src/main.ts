import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createMetricsRegistry, JsonLogger, startOpsServer } from '@cg/platform';
import { loadProjectionConfig, ProjectionConfig } from './config';
import { ProjectionModule, ProjectionWorker } from './projection.module';

async function bootstrap(): Promise<void> {
  let config: ProjectionConfig;
  try {
    config = loadProjectionConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = new JsonLogger('projection', config.common.logLevel);
  const registry = createMetricsRegistry('projection');
  let app;
  try {
    // No HTTP adapter: a worker only reads streams; health and metrics come from the ops server.
    app = await NestFactory.createApplicationContext(ProjectionModule.forRoot(config, logger, registry), { logger, abortOnError: false });
  } catch (error) {
    logger.write('error', 'projection failed to start', { error: (error as Error).message });
    process.exit(1);
  }
  const worker = app.get(ProjectionWorker);
  const ops = await startOpsServer({ port: config.port, registry, ready: () => worker.readiness(), logger });
  logger.info('projection started', { consumer: config.consumer.consumerName, key_prefix: config.common.keyPrefix });

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

bootstrap().catch((error: Error) => {
  process.stderr.write(`projection failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
