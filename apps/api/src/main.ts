import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { JsonLogger, listenFailure, loadConfig } from '@cg/platform';
import { createApp } from './app';
import { readApiConfig } from './config/api-config';

async function main(): Promise<void> {
  const config = loadConfig(readApiConfig);
  const logger = new JsonLogger('api', config.logLevel);
  const app = await createApp(config, logger);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const problem = listenFailure(error, { host: config.host, port: config.port, portVariable: 'API_PORT', hostVariable: 'API_HOST' });
    if (problem === null) throw error;
    await app.close();
    throw new Error(problem);
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  // Printed whatever LOG_LEVEL says: whoever started the API on port 0 reads the port from this line.
  new JsonLogger('api').info('api listening', { port, host: config.host });

  // A second signal (a process group's SIGTERM, then `npm start` passing it on) joins the shutdown in hand.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      logger.error('shutdown failed', error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up failures (bad configuration, Redis unreachable) are for a human: plain text, exit 1.
  process.stderr.write(`api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
