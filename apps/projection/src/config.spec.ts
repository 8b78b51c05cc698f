import { ConfigError } from '@cg/platform';
import { loadProjectionConfig } from './config';

describe('loadProjectionConfig', () => {
  it('has defaults for everything', () => {
    const config = loadProjectionConfig({});
    expect(config.port).toBe(8081);
    expect(config.common).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', keyPrefix: 'cg:', partitions: 1 });
    expect(config.consumer).toMatchObject({ batchSize: 100, blockMs: 2000, claimIdleMs: 30000, maxRetries: 5 });
    expect(config.consumer.consumerName).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('accepts port 0 and names every bad variable', () => {
    expect(loadProjectionConfig({ PROJECTION_PORT: '0' }).port).toBe(0);
    const bad = () => loadProjectionConfig({ PROJECTION_PORT: '70000', PROJECTION_CLAIM_IDLE_MS: 'soon', REDIS_URL: 'http://x' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/REDIS_URL[\s\S]*PROJECTION_PORT[\s\S]*PROJECTION_CLAIM_IDLE_MS/);
  });
});
