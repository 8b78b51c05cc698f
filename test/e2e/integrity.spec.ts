import { randomUUID } from 'node:crypto';
import { KeySpace } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const YEAR = 365 * 86_400_000;
const STAGE_STREAMS = ['ledger', 'stream:projected', 'stream:enriched'];

/**
 * Issue 9, through every app as a real process: ids that spell other keys' suffixes go all the way
 * through projection, enrichment and consolidation without a failure, a dead letter or a lost node;
 * and a conversation imported with two-year-old dates survives a reconsolidation (forgetting ages
 * events from ingestion, SPEC §3, §9).
 */
describe('integrity through the pipeline', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const k = new KeySpace(stack.prefix).of({ tenant: 'default', partition: 0 });
  let api: AppProcess;

  beforeAll(async () => {
    [api] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment'),
      stack.start('consolidation', { CONSOLIDATION_INTERVAL_MS: '0' }),
    ]);
  }, 60_000);
  afterAll(() => stack.close());

  const event = (session: string, agent: string, n: number, occurredMs = Date.now() - 3_600_000) => ({
    event_id: randomUUID(), event_type: 'user.message', occurred_at: new Date(occurredMs + n * 1000).toISOString(),
    session_id: session, agent_id: agent, trace_id: `t-${run}`, payload_ref: 'inline',
    payload: { text: `Maria Lopez booked the Lisbon office for step ${n}.` },
  });
  const contextIds = async (session: string) =>
    Object.keys((await request('GET', `${api.url}/v1/context/${encodeURIComponent(session)}?max_nodes=500`)).body.nodes);

  it('ids that spell key suffixes, in every order, single and batch: every event in its session, nothing dead-lettered', async () => {
    const a = `a-${run}`;
    const s = `s-${run}`;
    const v = `v-${run}`;
    // Each pair in the order that broke it: the plain id first, or the suffixed one first.
    const singles = [
      event(s, a, 0), event(`${s}:order`, `${a}:entities`, 1),
      event(`${v}:order`, `${a}:aliases`, 2), event(v, `${a}:aliases`, 3),
      event(`${s}:order:x`, `${a}:summaries`, 4), event(`x-${run}`, `${a}:node:entity:person:maria-lopez`, 5),
    ];
    for (const e of singles) expect((await request('POST', `${api.url}/v1/events`, e)).status).toBe(201);
    const batch = [
      event(`b-${run}:order`, `b-${run}:entities`, 6), event(`b-${run}`, `b-${run}`, 7), event(`b-${run}:refs`, `b-${run}:refs:entity:place:lisbon`, 8),
      event(s, a, 9), event(`${s}:order`, `${a}:entities`, 10),
    ];
    const answer = await request('POST', `${api.url}/v1/events/batch`, { events: batch });
    expect(answer.status).toBe(200);
    expect(answer.body.accepted).toBe(batch.length);
    await waitForDrain(api.url, 60_000);

    const all = [...singles, ...batch];
    for (const session of new Set(all.map((e) => e.session_id))) {
      const expected = all.filter((e) => e.session_id === session).map((e) => e.event_id).sort();
      expect((await contextIds(session)).filter((id) => !id.startsWith('summary:')).sort()).toEqual(expected);
    }
    expect(await stack.redis.xlen(k.stream('ledger'))).toBe(all.length);
    for (const stream of STAGE_STREAMS) expect(await stack.redis.xlen(k.deadLetters(stream))).toBe(0);
    const nodes = await Promise.all(all.map((e) => stack.redis.hget(k.node(e.event_id), 'keywords')));
    expect(nodes.every((keywords) => keywords !== null)).toBe(true); // every event enriched, none lost on the way
  }, 90_000);

  it('a conversation imported with two-year-old dates keeps every event through a reconsolidation', async () => {
    const agent = `import-${run}`;
    const session = `old-${run}`;
    const imported = Array.from({ length: 12 }, (_, n) => ({ ...event(session, agent, n, Date.now() - 2 * YEAR), importance_hint: 2 }));
    expect((await request('POST', `${api.url}/v1/events/batch`, { events: imported })).body.accepted).toBe(imported.length);
    await waitForDrain(api.url, 60_000);
    const answer = await request('POST', `${api.url}/v1/admin/reconsolidate`, { agent_id: agent });
    expect(answer.status).toBe(200);
    expect(answer.body.scopes).toEqual([expect.objectContaining({ agent_id: agent, outcome: 'done' })]);
    expect(answer.body.scopes[0].forgotten).toMatchObject({ pruned: { cold: 0, archive: 0 } });
    const ids = await contextIds(session);
    expect(ids).toEqual(expect.arrayContaining(imported.map((e) => e.event_id)));
    expect(ids.some((id) => id.startsWith('summary:'))).toBe(true); // the pass did run and summarize
  }, 90_000);
});
