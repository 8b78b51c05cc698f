import Redis from 'ioredis';
import { KeySpace } from '../keys';
import { TAKE_TOKEN_LUA } from './token-bucket.script';

type BucketRedis = Redis & { takeToken(key: string, rate: number, burst: number): Promise<[number, number]> };

export interface RateLimits {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Requests that may come at once after a quiet spell. */
  burst: number;
}

/** A request let through, or refused with how long until the next one would be. */
export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * Token buckets in Redis, one per subject (an API key's digest): one atomic script call per request,
 * so every API replica draws on the same buckets.
 */
export class RedisTokenBucket {
  private readonly redis: BucketRedis;

  constructor(redis: Redis, private readonly keys: KeySpace, private readonly limits: RateLimits) {
    redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN_LUA });
    this.redis = redis as BucketRedis;
  }

  async take(subject: string): Promise<RateDecision> {
    const [taken, waitMs] = await this.redis.takeToken(this.keys.rateLimit(subject), this.limits.ratePerSecond, this.limits.burst);
    return { allowed: taken === 1, retryAfterMs: waitMs };
  }
}
