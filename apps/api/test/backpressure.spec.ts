import type Redis from 'ioredis';
import { partitionOf } from '@cg/domain';
import { KeySpace, uniqueTestPrefix } from '@cg/redis';
import { aSession, anEvent } from './support/events';
import { Answer, get, post } from './support/http';
import { cleanUp, startApi, storeState, testRedis, TestApi } from './support/harness';

// Ingest backpressure (SPEC §10). No projection runs here, so everything ingested stays the
// projection stage's lag until the ledger of partition 0 is past INGEST_BACKLOG_LIMIT.
const prefix = uniqueTestPrefix();
const LIMIT = 1000;
const PARTITIONS = 2;
const BATCH = 250;
const agentIn = (partition: number) => Array.from({ length: 100 }, (_, i) => `agent-${i}`).find((a) => partitionOf(a, PARTITIONS) === partition) as string;
const BUSY_AGENT = agentIn(0);
const QUIET_AGENT = agentIn(1);
const keys = new KeySpace(prefix);
const ledgerOf = (partition: number) => keys.of({ tenant: 'default', partition }).stream('ledger');
let api: TestApi;
let redis: Redis;
let refused: Answer;
let session: string;

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix, { INGEST_BACKLOG_LIMIT: String(LIMIT), PARTITIONS: String(PARTITIONS) });
  // Batches back to back, as a client importing history would: the 503 must come within seconds.
  const started = Date.now();
  for (;;) {
    const events = aSession(BATCH, `s-${Date.now()}`, { agent_id: BUSY_AGENT });
    session = events[0].session_id;
    const answer = await post(`${api.url}/v1/events/batch`, { events });
    if (answer.status !== 200) {
      refused = answer;
      break;
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  }
}, 20_000);

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

describe('past INGEST_BACKLOG_LIMIT', () => {
  it('refuses ingest with 503 and Retry-After in the one error shape, once the backlog passed the limit', async () => {
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/projection stage of partition 0 has \d+ entries waiting \(limit 1000\)/), details: [] } });
    expect(await redis.xlen(ledgerOf(0))).toBeGreaterThan(LIMIT);
  });

  it('writes nothing for a refused request: single events, batches, and a batch touching another partition too', async () => {
    const before = await storeState(redis, prefix);
    const single = await post(`${api.url}/v1/events`, anEvent({ agent_id: BUSY_AGENT }));
    const mixed = await post(`${api.url}/v1/events/batch`, { events: [anEvent({ agent_id: QUIET_AGENT, session_id: 'quiet' }), anEvent({ agent_id: BUSY_AGENT })] });
    expect([single.status, mixed.status]).toEqual([503, 503]);
    expect(await storeState(redis, prefix)).toEqual(before);
  });

  it('still takes events for a partition that keeps up, and keeps every read working', async () => {
    expect((await post(`${api.url}/v1/events`, anEvent({ agent_id: QUIET_AGENT, session_id: 'quiet-alone' }))).status).toBe(201);
    expect((await get(`${api.url}/v1/sessions/${session}/events?limit=5`)).status).toBe(200);
    expect((await get(`${api.url}/v1/context/${session}`)).status).toBe(200);
    expect((await get(`${api.url}/v1/admin/pipeline`)).status).toBe(200);
  });

  it('exports the backlog it acts on and the refusals', async () => {
    const metrics = (await get(`${api.url}/metrics`)).body as string;
    const backlog = /^cg_ingest_backlog_entries\{tenant="default",partition="0"[^}]*\} (\d+)/m.exec(metrics);
    expect(Number(backlog?.[1])).toBeGreaterThan(LIMIT);
    expect(metrics).toMatch(/^cg_ingest_backpressure_total\{tenant="default",stage="projection"[^}]*\} [1-9]/m);
  });

  it('takes ingest again within a second or so of the stage catching up', async () => {
    await redis.xgroup('CREATE', ledgerOf(0), 'graph-projection', '$'); // the stage has read everything
    const started = Date.now();
    while ((await post(`${api.url}/v1/events`, anEvent({ agent_id: BUSY_AGENT }))).status !== 201) {
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  });
});
