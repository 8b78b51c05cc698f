import Redis from 'ioredis';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisTokenBucket } from './redis-token-bucket';

const prefix = uniqueTestPrefix();
const keys = new KeySpace(prefix);
let redis: Redis;

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

async function takeAll(bucket: RedisTokenBucket, subject: string, count: number): Promise<boolean[]> {
  return Promise.all(Array.from({ length: count }, () => bucket.take(subject).then((d) => d.allowed)));
}

describe('RedisTokenBucket', () => {
  it('lets a burst through at once, then refuses saying when the next token is back', async () => {
    const bucket = new RedisTokenBucket(redis, keys, { ratePerSecond: 2, burst: 5 });
    expect(await takeAll(bucket, 'burst', 5)).toEqual([true, true, true, true, true]);
    const refused = await bucket.take('burst');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(400); // 2 per second: one every 500 ms
    expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
  });

  it('keeps subjects apart: one subject\'s empty bucket leaves another\'s full', async () => {
    const bucket = new RedisTokenBucket(redis, keys, { ratePerSecond: 1, burst: 2 });
    await takeAll(bucket, 'greedy', 5);
    expect(await takeAll(bucket, 'polite', 2)).toEqual([true, true]);
  });

  it('refills at the sustained rate', async () => {
    const bucket = new RedisTokenBucket(redis, keys, { ratePerSecond: 50, burst: 1 });
    expect(await takeAll(bucket, 'steady', 2)).toEqual([true, false]);
    const started = Date.now();
    while (!(await bucket.take('steady')).allowed) expect(Date.now() - started).toBeLessThan(1_000); // one every 20 ms
  });

  it('keeps a bucket only until it would be full again, under the key named by the subject', async () => {
    const bucket = new RedisTokenBucket(redis, keys, { ratePerSecond: 10, burst: 20 });
    await takeAll(bucket, 'digest-1', 20);
    const ttl = await redis.pttl(keys.rateLimit('digest-1'));
    expect(ttl).toBeGreaterThan(2_000); // 20 tokens at 10 per second, plus a second
    expect(ttl).toBeLessThanOrEqual(3_000);
  });
});
