import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { scanKeys, uniqueTestPrefix } from '@cg/redis';
import { Answer, call, get } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';
import { REDIS } from '../src/infra/tokens';

// Rate limits per API key (SPEC §10), at the lowest values the issue names: 50 per second, bursts of 100.
const prefix = uniqueTestPrefix();
const LIMITS = { RATE_LIMIT_RPS: '50', RATE_LIMIT_BURST: '100' };
const KEYED = { API_KEYS: 'key-a:tenant_a,key-b:tenant_b,key-c:tenant_a', ...LIMITS };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
let api: TestApi;
let replica: TestApi;
let redis: Redis;

beforeAll(async () => {
  redis = await testRedis();
  [api, replica] = await Promise.all([startApi(prefix, KEYED), startApi(prefix, KEYED)]);
});

afterAll(async () => {
  await Promise.all([api.close(), replica.close()]);
  await cleanUp(redis, prefix);
});

const read = (url: string, key: string) => get(`${url}/v1/sessions/s-1/events`, bearer(key));

/** `count` requests with `key` (reads unless `send` says otherwise), 25 at a time, as fast as the API answers. */
async function burst(url: string, key: string, count: number, send = read): Promise<Answer[]> {
  const answers: Answer[] = [];
  while (answers.length < count) {
    const wave = Math.min(25, count - answers.length);
    answers.push(...await Promise.all(Array.from({ length: wave }, () => send(url, key))));
  }
  return answers;
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status);

describe('with API keys', () => {
  it('lets a burst through, then answers 429 with Retry-After in the one error shape; another key is unaffected', async () => {
    const started = Date.now();
    const answers = await burst(api.url, 'key-a', 160);
    const seconds = (Date.now() - started) / 1000;
    const passed = statuses(answers).filter((s) => s === 200).length;
    expect(passed).toBeGreaterThanOrEqual(100);
    expect(passed).toBeLessThanOrEqual(100 + Math.ceil(50 * seconds) + 1); // the burst, plus what refilled meanwhile
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBe(160 - passed);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect(refused[0].body).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/50 requests per second, bursts of 100/), details: [] } });

    expect(statuses(await burst(api.url, 'key-b', 50))).toEqual(Array(50).fill(200));
  });

  it('shares each key\'s allowance between API replicas, kept in Redis under a digest of the key', async () => {
    await burst(api.url, 'key-c', 150);
    expect(statuses(await burst(replica.url, 'key-c', 5))).toContain(429);
    const buckets = await scanKeys(redis, `${prefix}rate-limit:*`);
    expect(buckets).toContain(`${prefix}rate-limit:${createHash('sha256').update('key-c').digest('hex')}`);
    expect(buckets.join()).not.toMatch(/key-/);
  });

  it('limits before the body is read: past the burst, broken JSON gets a 429, not a 400', async () => {
    const brokenJson = (url: string, key: string) => call('POST', `${url}/v1/events`, { raw: '{"not json', headers: { ...bearer(key), 'content-type': 'application/json' } });
    const answers = statuses(await burst(api.url, 'key-b', 150, brokenJson));
    expect(answers).toContain(429);
    expect(answers.filter((s) => s !== 429).every((s) => s === 400)).toBe(true);
  });

  it('never limits health, metrics or docs, whatever key comes along', async () => {
    await burst(api.url, 'key-a', 150);
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs-json']) {
      const answers = await Promise.all(Array.from({ length: 40 }, () => get(`${api.url}${path}`, bearer('key-a'))));
      expect(statuses(answers)).toEqual(Array(40).fill(200));
    }
    expect((await get(`${api.url}/metrics`)).body).toMatch(/^cg_rate_limited_total\{tenant="tenant_a"[^}]*\} [1-9]/m);
  });

  it('answers 503 with Retry-After when the limiter cannot reach Redis', async () => {
    const isolated = await startApi(prefix, KEYED);
    try {
      isolated.app.get<Redis>(REDIS).disconnect();
      const answer = await get(`${isolated.url}/v1/sessions/s-1/events`, bearer('key-b'));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/rate limiter/), details: [] } });
    } finally {
      await isolated.close();
    }
  });
});

describe('with keys off', () => {
  it('has no rate limit', async () => {
    const open = await startApi(prefix, { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '1' });
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, () => get(`${open.url}/v1/sessions/s-1/events`)));
      expect(statuses(answers)).toEqual(Array(30).fill(200));
    } finally {
      await open.close();
    }
  });
});
