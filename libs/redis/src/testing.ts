import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

/** A key prefix no other test run or running stack uses. */
export function uniqueTestPrefix(): string {
  return `cgt-${randomUUID().slice(0, 8)}:`;
}

/** Every key matching a glob pattern, by SCAN (never KEYS, which blocks Redis). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...page);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key under a prefix (test clean-up). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await scanKeys(redis, `${prefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

/**
 * Every key under a prefix (matching `match` after it) with its content, named without the prefix, in
 * a stable order: equal before and after = nothing changed; equal across two prefixes = same data.
 */
export async function keyContents(redis: Redis, prefix: string, match = '*'): Promise<Record<string, unknown>> {
  const keys = await scanKeys(redis, `${prefix}${match}`);
  const contents: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    contents[key.slice(prefix.length)] = type === 'hash' ? sortedEntries(await redis.hgetall(key))
      : type === 'zset' ? await redis.zrange(key, 0, -1, 'WITHSCORES')
        : type === 'set' ? (await redis.smembers(key)).sort()
          : type === 'string' ? await redis.get(key)
            : type;
  }
  return contents;
}

function sortedEntries(hash: Record<string, string>): [string, string][] {
  return Object.entries(hash).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
