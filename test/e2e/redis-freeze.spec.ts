import { waitFor } from '@cg/platform';
import { AppProcess } from '../support/app-process';
import { conversation } from '../support/events';
import { request, waitForDrain } from '../support/http';
import { PrivateRedis } from '../support/private-redis';
import { TestStack } from '../support/stack';

/** SPEC §10: a frozen Redis → 503 within 10 s, never a hang. */
const ANSWER_WITHIN_MS = 10_000;

interface Answer {
  status: number;
  retryAfter: string | null;
  ms: number;
}

/** One GET, given up (status 0) after ANSWER_WITHIN_MS. */
async function timedGet(url: string): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), ms: Date.now() - started };
  } catch {
    return { status: 0, retryAfter: null, ms: Date.now() - started };
  }
}

// Issue 9, item 5b: with Redis frozen (SIGSTOP) the API's readiness and reads hung for more than
// 30 s. Every Redis command now fails within REDIS_COMMAND_TIMEOUT_MS, so both answer 503 with
// Retry-After, and recover by themselves once Redis answers again; a worker's readiness likewise.
describe('a frozen Redis (SIGSTOP)', () => {
  let redis: PrivateRedis;
  let stack: TestStack;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = new TestStack(redis.url);
  });
  afterAll(async () => {
    await stack.close();
    await redis.close();
  });

  it('makes readiness and reads answer 503 with Retry-After within 10 s, and they recover after SIGCONT', async () => {
    const api = await stack.start('api');
    const projection: AppProcess = await stack.start('projection', { PROJECTION_CLAIM_IDLE_MS: '60000' });
    const [first, second] = conversation(1, 2);
    expect((await request('POST', `${api.url}/v1/events`, first)).status).toBe(201);
    await waitForDrain(api.url, 20_000, ['projection']);
    const urls = {
      apiReady: `${api.url}/health/ready`,
      context: `${api.url}/v1/context/${encodeURIComponent(first.session_id)}`,
      event: `${api.url}/v1/events/${first.event_id}`,
      workerReady: `${projection.url}/health/ready`,
    };
    const all = async (): Promise<Record<string, Answer>> =>
      Object.fromEntries(await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, await timedGet(url)] as const)));
    for (const answer of Object.values(await all())) expect(answer.status).toBe(200);

    redis.freeze();
    const frozen = await all();
    // The worker's blocking reads give up too (block time + command timeout) rather than hang; the
    // second one was sent while frozen, so Redis serves it once thawed, to a reader that gave up on it.
    const readTimeouts = () => projection.lines.filter((l) => l.msg === 'stream read failed; retrying' && l.error === 'Command timed out').length;
    await waitFor(() => readTimeouts() >= 2, 20_000);
    redis.thaw();
    for (const [name, answer] of Object.entries(frozen)) {
      expect({ name, status: answer.status }).toEqual({ name, status: 503 });
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
      if (name !== 'workerReady') expect({ name, retryAfter: answer.retryAfter }).toEqual({ name, retryAfter: expect.stringMatching(/^\d+$/) });
    }

    // Nothing restarted: the same processes answer again, and the worker goes on projecting.
    await waitFor(async () => Object.values(await all()).every((answer) => answer.status === 200), 10_000);
    expect((await request('POST', `${api.url}/v1/events`, second)).status).toBe(201);
    await waitForDrain(api.url, 20_000, ['projection']);
  });
});
