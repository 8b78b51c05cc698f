import type Redis from 'ioredis';
import { KeySpace, uniqueTestPrefix } from '@cg/redis';
import { anEvent, EventBody } from './support/events';
import { get, post } from './support/http';
import { cleanUp, startApi, storeState, testRedis, TestApi } from './support/harness';

/**
 * Ids are data, never key syntax (SPEC §4): ids that spell other keys' suffixes (`s1` next to
 * `s1:order`, agent `a` next to `a:entities`) are ingested in every order, one by one and in batches,
 * and each lands in its own session — where they used to collide (500s, ghost ledger entries).
 */
const prefix = uniqueTestPrefix();
const keys = new KeySpace(prefix).of({ tenant: 'default', partition: 0 });
let api: TestApi;
let redis: Redis;

beforeAll(async () => {
  redis = await testRedis();
  api = await startApi(prefix);
});
afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

const ledgerLength = () => redis.xlen(keys.stream('ledger'));
const sessionIds = async (session: string) =>
  ((await get(`${api.url}/v1/sessions/${encodeURIComponent(session)}/events`)).body.events as EventBody[]).map((e) => e.event_id);

/** Pairs of (session, agent) whose ids are another pair's ids plus a key suffix. */
const COLLIDING: [string, string][][] = [
  [['s1', 'a'], ['s1:order', 'a:entities']],
  [['v:order', 'b:aliases'], ['v', 'b']],
  [['w', 'c'], ['w:order', 'c:summaries'], ['w:order:order', 'c:node:entity:person:x']],
];

describe('ids that spell key suffixes', () => {
  it.each(COLLIDING.map((pairs, n) => [n, pairs] as const))('single events (case %i), in order and reversed, each land in their own session', async (n, pairs) => {
    for (const [tag, order] of [['fwd', pairs], ['rev', [...pairs].reverse()]] as const) {
      // A fresh prefix per run keeps the colon structure: `0-fwd.s1` next to `0-fwd.s1:order`.
      const sent = order.map(([session, agent]) => anEvent({ session_id: `${n}-${tag}.${session}`, agent_id: agent }));
      for (const event of sent) expect((await post(`${api.url}/v1/events`, event)).status).toBe(201);
      for (const event of sent) expect(await sessionIds(event.session_id)).toEqual([event.event_id]);
    }
  });

  it('a batch mixing them with other sessions is written whole, in request order', async () => {
    const before = await ledgerLength();
    const batch = COLLIDING.flat().map(([session, agent]) => anEvent({ session_id: `batch.${session}`, agent_id: `batch.${agent}` }));
    const answer = await post(`${api.url}/v1/events/batch`, { events: batch });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: batch.length, duplicates: 0, conflicts: 0 });
    for (const event of batch) expect(await sessionIds(event.session_id)).toEqual([event.event_id]);
    expect(await ledgerLength()).toBe(before + batch.length);
  });
});

describe('a batch the ledger fails part-way through', () => {
  it('answers 503 partially_written naming what each event got; a retry completes it, the written ones as duplicates', async () => {
    const batch = [anEvent({ session_id: 'p-1' }), anEvent({ session_id: 'p-2' }), anEvent({ session_id: 'p-3' })];
    await redis.set(keys.sessionOrder('p-2'), 'damaged'); // a key of the wrong type makes that one script refuse, writing nothing
    const before = await ledgerLength();
    const answer = await post(`${api.url}/v1/events/batch`, { events: batch });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body.error.code).toBe('partially_written');
    expect(answer.body.error.details).toEqual([
      { field: 'events[0]', message: expect.stringMatching(/^accepted at \d+-\d+$/) },
      { field: 'events[1]', message: 'not written (or unknown): retry it' },
      { field: 'events[2]', message: expect.stringMatching(/^accepted at \d+-\d+$/) },
    ]);
    expect(await ledgerLength()).toBe(before + 2);

    await redis.del(keys.sessionOrder('p-2'));
    const retry = await post(`${api.url}/v1/events/batch`, { events: batch });
    expect(retry.status).toBe(200);
    expect(retry.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'accepted', 'duplicate']);
    expect(await ledgerLength()).toBe(before + 3);
  });

  it('a single event whose script refuses writes nothing (a plain 500, no partial state)', async () => {
    await redis.set(keys.sessionStream('p-4'), 'damaged');
    const before = await storeState(redis, prefix);
    const answer = await post(`${api.url}/v1/events`, anEvent({ session_id: 'p-4' }));
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('internal_error');
    expect(await storeState(redis, prefix)).toEqual(before);
  });
});
