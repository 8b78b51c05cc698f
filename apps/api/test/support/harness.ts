import { AddressInfo } from 'node:net';
import type Redis from 'ioredis';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonLogger, loadConfig } from '@cg/platform';
import { connectRedis, createRedis, deleteKeysWithPrefix, scanKeys, testRedisUrl } from '@cg/redis';
import { createApp } from '../../src/app';
import { readApiConfig } from '../../src/config/api-config';

/** A key prefix of its own, so a test file collides with no other run and no running stack. */
export interface TestApi {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * The API in this process on a free port, configured only from `env` (never from the caller's
 * environment, so a stray API_KEYS cannot leak in).
 */
export async function startApi(prefix: string, env: Record<string, string> = {}): Promise<TestApi> {
  const config = loadConfig(readApiConfig, {
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    KEY_PREFIX: prefix,
    API_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...env,
  });
  const app = await createApp(config, new JsonLogger('api', config.logLevel));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A plain client on the test Redis, for looking at what the API wrote and cleaning it up. */
export async function testRedis(): Promise<Redis> {
  const redis = createRedis(testRedisUrl(), 'cg-api-test');
  await connectRedis(redis, testRedisUrl());
  return redis;
}

export async function cleanUp(redis: Redis, prefix: string): Promise<void> {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
}

/** Every key under the prefix with its type and size: equal before and after = nothing written. */
export async function storeState(redis: Redis, prefix: string): Promise<string[]> {
  const keys = await scanKeys(redis, `${prefix}*`);
  const sizes = await Promise.all(keys.sort().map(async (key) => {
    const type = await redis.type(key);
    const size = type === 'stream' ? await redis.xlen(key)
      : type === 'zset' ? await redis.zcard(key)
        : type === 'hash' ? await redis.hlen(key)
          : type === 'set' ? await redis.scard(key)
            : await redis.strlen(key);
    return `${key} ${type} ${size}`;
  }));
  return sizes;
}
