import Redis from 'ioredis';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '@cg/redis';
import { AppName, AppProcess } from './app-process';

/**
 * A private key prefix on the test Redis (or on the Redis at `redisUrl`) plus the app processes
 * started on it; `close` cleans both.
 */
export class TestStack {
  readonly prefix = uniqueTestPrefix();
  readonly redis: Redis;
  private readonly apps: AppProcess[] = [];

  constructor(private readonly redisUrl = testRedisUrl()) {
    this.redis = new Redis(redisUrl);
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      REDIS_URL: this.redisUrl,
      KEY_PREFIX: this.prefix,
      API_PORT: '0',
      PROJECTION_PORT: '0',
      PROJECTION_CLAIM_IDLE_MS: '500',
      PROJECTION_PARTITION_POLL_MS: '200',
      ENRICHMENT_PORT: '0',
      ENRICHMENT_CLAIM_IDLE_MS: '500',
      ENRICHMENT_PARTITION_POLL_MS: '200',
      CONSOLIDATION_PORT: '0',
      CONSOLIDATION_CLAIM_IDLE_MS: '500',
      CONSOLIDATION_PARTITION_POLL_MS: '200',
      ...extra,
    };
  }

  async start(name: AppName, extra: Record<string, string> = {}): Promise<AppProcess> {
    const app = await AppProcess.start(name, this.env(extra));
    this.apps.push(app);
    return app;
  }

  /** Stops every running process of one app (SIGTERM, graceful). */
  async stopAll(name: AppName): Promise<void> {
    await Promise.all(this.apps.filter((app) => app.name === name).map((app) => app.stop()));
  }

  async close(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop()));
    await deleteKeysWithPrefix(this.redis, this.prefix);
    await this.redis.quit();
  }
}
