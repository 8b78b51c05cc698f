import Redis from 'ioredis';

const ACCESS_FIELDS = new Set(['access_count', 'last_accessed_ms']);

/**
 * A canonical dump of every graph key under a prefix (SPEC §4: access statistics left out), keyed
 * by the key name without the prefix, so two runs on two prefixes can be compared.
 */
export async function dumpGraph(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*:graph:*`, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  const dump: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const name = key.slice(prefix.length);
    const type = await redis.type(key);
    if (type === 'hash') {
      const fields = await redis.hgetall(key);
      for (const field of ACCESS_FIELDS) delete fields[field];
      dump[name] = Object.fromEntries(Object.entries(fields).sort());
    } else if (type === 'zset') {
      dump[name] = await redis.zrange(key, 0, -1, 'WITHSCORES');
    } else if (type === 'set') {
      dump[name] = (await redis.smembers(key)).sort();
    } else {
      dump[name] = type;
    }
  }
  return dump;
}
