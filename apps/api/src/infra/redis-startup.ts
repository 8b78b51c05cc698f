import type Redis from 'ioredis';
import { JsonLogger } from '@cg/platform';
import { connectRedis, createRedis } from '@cg/redis';

/** Connects (or throws an error naming where Redis was expected) and checks the eviction policy. */
export async function openRedis(url: string, commandTimeoutMs: number, logger: JsonLogger): Promise<Redis> {
  const redis = createRedis(url, 'cg-api', commandTimeoutMs);
  // ioredis reconnects on its own; requests meanwhile answer 503. Log the outage instead of letting
  // an unhandled 'error' event print a stack for every retry.
  redis.on('error', (error: Error) => logger.warn('redis connection error', { error: error.message }));
  await connectRedis(redis, url);
  await warnUnlessNoEviction(redis, logger);
  return redis;
}

/** SPEC §4: with any policy but `noeviction`, Redis may silently drop ledger events under memory pressure. */
async function warnUnlessNoEviction(redis: Redis, logger: JsonLogger): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    if (policy !== 'noeviction') {
      logger.warn(`REDIS maxmemory-policy IS "${policy}", NOT "noeviction": EVENTS IN THE LEDGER CAN BE EVICTED AND LOST`, { maxmemory_policy: policy });
    }
  } catch (error) {
    logger.warn('could not read Redis maxmemory-policy (CONFIG GET refused?); make sure it is "noeviction"', { error: (error as Error).message });
  }
}
