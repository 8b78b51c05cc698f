import { hostname } from 'node:os';
import { STREAM_CONSUMER_DEFAULTS as D } from '@cg/redis';
import { EnvReader } from './config';

/** How a pipeline stage reads its stream; every app reads these with its own prefix. */
export interface StageConsumerConfig {
  consumerName: string;
  batchSize: number;
  blockMs: number;
  claimIdleMs: number;
  maxRetries: number;
  partitionPollMs: number;
  statusIntervalMs: number;
}

/** Reads `<PREFIX>_BATCH_SIZE`, `<PREFIX>_BLOCK_MS`, … and `CONSUMER_NAME` (shared by all stages). */
export function readStageConsumerConfig(env: EnvReader, prefix: string): StageConsumerConfig {
  return {
    consumerName: env.str('CONSUMER_NAME', `${hostname()}-${process.pid}`, /^[A-Za-z0-9._:@-]{1,128}$/),
    batchSize: env.int(`${prefix}_BATCH_SIZE`, D.batchSize, 1, 10_000),
    blockMs: env.int(`${prefix}_BLOCK_MS`, D.blockMs, 1, 60_000),
    claimIdleMs: env.int(`${prefix}_CLAIM_IDLE_MS`, D.claimIdleMs, 100, 86_400_000),
    maxRetries: env.int(`${prefix}_MAX_RETRIES`, D.maxRetries, 1, 1_000),
    partitionPollMs: env.int(`${prefix}_PARTITION_POLL_MS`, D.discoveryIntervalMs, 100, 3_600_000),
    statusIntervalMs: env.int(`${prefix}_STATUS_INTERVAL_MS`, D.statusIntervalMs, 100, 3_600_000),
  };
}
