import Redis from 'ioredis';
import { keyContents } from '@cg/redis';

const ACCESS_FIELDS = new Set(['access_count', 'last_accessed_ms']);

/**
 * A canonical dump of every graph key under a prefix (SPEC §4: access statistics left out), keyed
 * by the key name without the prefix, so two runs on two prefixes can be compared.
 */
export async function dumpGraph(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const dump = await keyContents(redis, prefix, '*:graph:*');
  for (const [name, value] of Object.entries(dump)) {
    if (name.includes(':graph:node:')) dump[name] = (value as [string, string][]).filter(([field]) => !ACCESS_FIELDS.has(field));
  }
  return dump;
}
