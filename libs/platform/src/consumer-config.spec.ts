import { hostname } from 'node:os';
import { ConfigError, loadConfig } from './config';
import { readStageConsumerConfig } from './consumer-config';

describe('readStageConsumerConfig', () => {
  it('has defaults, with a consumer name unique to the process', () => {
    expect(loadConfig((env) => readStageConsumerConfig(env, 'PROJECTION'), {})).toEqual({
      consumerName: `${hostname()}-${process.pid}`, batchSize: 100, blockMs: 2000, claimIdleMs: 30000, maxRetries: 5,
      partitionPollMs: 1000, statusIntervalMs: 5000,
    });
  });

  it('reads prefixed variables and names every bad one', () => {
    const config = loadConfig((env) => readStageConsumerConfig(env, 'PROJECTION'), { PROJECTION_BATCH_SIZE: '7', CONSUMER_NAME: 'w-1' });
    expect(config).toMatchObject({ batchSize: 7, consumerName: 'w-1' });
    const bad = () => loadConfig((env) => readStageConsumerConfig(env, 'PROJECTION'), { PROJECTION_MAX_RETRIES: '0', PROJECTION_BLOCK_MS: 'x' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PROJECTION_BLOCK_MS[\s\S]*PROJECTION_MAX_RETRIES/);
  });
});
