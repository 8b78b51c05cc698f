import { ConfigError } from '@cg/platform';
import { loadProjectionConfig } from './config';

describe('loadProjectionConfig', () => {
  it('has defaults for everything', () => {
    const config = loadProjectionConfig({});
    expect(config.ops).toEqual({ host: '127.0.0.1', port: 8081, portVariable: 'PROJECTION_PORT' });
    expect(config.common).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', redisCommandTimeoutMs: 2000, keyPrefix: 'cg:', partitions: 1 });
    expect(config.consumer).toMatchObject({ batchSize: 100, blockMs: 2000, claimIdleMs: 30000, maxRetries: 5 });
    expect(config.consumer.consumerName).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('accepts port 0, any bind address and command timeout in range, and names every bad variable', () => {
    expect(loadProjectionConfig({ PROJECTION_PORT: '0', OPS_HOST: '0.0.0.0', REDIS_COMMAND_TIMEOUT_MS: '500' })).toMatchObject({
      ops: { host: '0.0.0.0', port: 0 }, common: { redisCommandTimeoutMs: 500 },
    });
    expect(loadProjectionConfig({ OPS_HOST: '::' }).ops.host).toBe('::');
    const bad = () => loadProjectionConfig({
      PROJECTION_PORT: '70000', PROJECTION_CLAIM_IDLE_MS: 'soon', REDIS_URL: 'http://x', REDIS_COMMAND_TIMEOUT_MS: '0', OPS_HOST: 'a b',
    });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/REDIS_URL[\s\S]*REDIS_COMMAND_TIMEOUT_MS[\s\S]*OPS_HOST[\s\S]*PROJECTION_PORT[\s\S]*PROJECTION_CLAIM_IDLE_MS/);
  });
});
