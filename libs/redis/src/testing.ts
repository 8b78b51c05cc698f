import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

/** A key prefix no other test run or running stack uses. */
export function uniqueTestPrefix(): string {
  return `cgt-${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a prefix (test clean-up). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}
