import { randomUUID } from 'node:crypto';
import { KeySpace, PartitionKeys } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const DAY = 86_400_000;

// Issue 5: with the consolidation clock moved forward (CLOCK_OFFSET_MS), the graph forgets tier by
// tier (SPEC §9) while the ledger keeps every event until its retention ceiling (SPEC §4).
describe('forgetting and retention, clock moved forward', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agent = `agent-forget-${run}`;
  const k: PartitionKeys = new KeySpace(stack.prefix).of({ tenant: 'default', partition: 0 });
  const at = Date.now() - 3_600_000;
  const event = (n: number, type: string, text: string, hint: number, parent?: string) => ({
    event_id: randomUUID(), event_type: type, occurred_at: new Date(at + n * 1000).toISOString(), session_id: `s-${run}`, agent_id: agent,
    trace_id: `t-${run}`, payload_ref: 'inline', importance_hint: hint, payload: { text }, ...(parent ? { parent_event_id: parent } : {}),
  });
  const ask = event(1, 'user.message', 'Please deploy the billing service to production.', 3);
  const invoke = event(2, 'agent.invoke', 'Calling deploy_service for billing.', 3, ask.event_id);
  const failed = { ...event(3, 'tool.execute', 'deploy_service failed: connection refused by the deploy API.', 3, invoke.event_id), status: 'failed' };
  const thanks = event(4, 'user.message', 'Thanks, that helps a lot.', 2);
  const preference = event(5, 'user.message', 'Remember that Maria Lopez prefers morning meetings.', 8);
  const coffee = event(6, 'user.message', 'Coffee break, back in ten minutes.', 1);
  const weather = event(7, 'user.message', 'The weather in Lisbon is sunny today.', 2);
  const weather2 = event(8, 'user.message', 'The weather in Lisbon is sunny and warm today.', 2);
  const all = [ask, invoke, failed, thanks, preference, coffee, weather, weather2];
  const causes = [ask, invoke].map((e) => e.event_id); // CAUSED_BY in-degree > 0: protected (SPEC §9); `failed` is a leaf
  let api: AppProcess;

  beforeAll(async () => {
    [api] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment', { SIMILARITY_THRESHOLD: '0.3' }),
      stack.start('consolidation', { CONSOLIDATION_INTERVAL_MS: '0', REFLECTION_THRESHOLD: '100000' }),
    ]);
    expect((await request('POST', `${api.url}/v1/events/batch`, { events: all })).body.accepted).toBe(all.length);
    await waitForDrain(api.url, 60_000);
    await stack.stopAll('consolidation');
  }, 90_000);
  afterAll(() => stack.close());

  const eventNodes = async () => {
    const ids = all.map((e) => e.event_id);
    const kept = await Promise.all(ids.map((id) => stack.redis.exists(k.node(id))));
    return ids.filter((_, i) => kept[i]).sort();
  };
  const similarScores = async () => {
    const scores: number[] = [];
    for (const e of all) {
      for (const [field, props] of Object.entries(await stack.redis.hgetall(k.edgesOut(e.event_id)))) {
        if (field.startsWith('SIMILAR_TO|')) scores.push(JSON.parse(props).score);
      }
    }
    return scores;
  };
  const summarized = async () => {
    const ids = await stack.redis.zrange(k.summaryIndex(agent), 0, -1);
    const covered = await Promise.all(ids.map(async (id) => JSON.parse((await stack.redis.hget(k.node(id), 'derived_from')) ?? '[]') as string[]));
    return new Set(covered.flat());
  };
  const ledgerStatus = async (id: string) => (await request('GET', `${api.url}/v1/events/${id}`)).status;

  /** Runs consolidation with its clock `days` ahead until it logs one scheduled pass over the agent, then stops it. */
  async function passAt(days: number): Promise<Record<string, unknown>> {
    const consolidation = await stack.start('consolidation', { CLOCK_OFFSET_MS: String(days * DAY), CONSOLIDATION_INTERVAL_MS: '300', REFLECTION_THRESHOLD: '100000' });
    const deadline = Date.now() + 20_000;
    let pass: Record<string, unknown> | undefined;
    while (!(pass = consolidation.lines.find((l) => l.msg === 'scheduled pass' && l.agent_id === agent))) {
      if (Date.now() > deadline) throw new Error(`no scheduled pass in 20 s at +${days} d`);
      await new Promise((r) => setTimeout(r, 100));
    }
    while (!consolidation.lines.some((l) => l.msg === 'ledger retention')) await new Promise((r) => setTimeout(r, 50));
    await stack.stopAll('consolidation');
    return pass;
  }

  it('hot → warm (+3 d): every node stays, SIMILAR_TO edges under 0.7 go, summaries cover every event', async () => {
    const before = await similarScores();
    expect(before.some((s) => s < 0.7)).toBe(true);
    expect(before.some((s) => s >= 0.7)).toBe(true);

    const pass = await passAt(3);
    expect(pass).toMatchObject({ outcome: 'done', pruned_cold: 0, pruned_archive: 0 });
    expect(await eventNodes()).toEqual(all.map((e) => e.event_id).sort());
    const after = await similarScores();
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s >= 0.7)).toBe(true);
    expect([...await summarized()].sort()).toEqual(all.map((e) => e.event_id).sort());
  });

  it('cold (+10 d): unimportant detail leaves (already summarized), important nodes and causes stay, the ledger keeps all', async () => {
    const pass = await passAt(10);
    expect(pass).toMatchObject({ pruned_cold: 5, kept_on_causal_chain: 2 });
    expect(await eventNodes()).toEqual([...causes, preference.event_id].sort());
    const covered = await summarized();
    for (const e of all) expect(covered.has(e.event_id)).toBe(true);
    for (const e of all) expect(await ledgerStatus(e.event_id)).toBe(200);
    expect(await stack.redis.xlen(k.stream('ledger'))).toBe(0); // past the 7-day hot window, every reader done with them
  });

  it('archive (+40 d): only summaries and the causes of other events are left; the ledger still returns every event', async () => {
    const pass = await passAt(40);
    expect(pass).toMatchObject({ pruned_archive: 1 });
    expect(await eventNodes()).toEqual([...causes].sort());
    expect((await stack.redis.zrange(k.summaryIndex(agent), 0, -1)).length).toBeGreaterThanOrEqual(3);
    for (const e of all) expect(await ledgerStatus(e.event_id)).toBe(200);
  });

  it('past the retention ceiling (+91 d): event documents leave the ledger, summaries keep their lineage', async () => {
    await passAt(91);
    for (const e of all) expect(await ledgerStatus(e.event_id)).toBe(404);
    expect([...await summarized()].sort()).toEqual(all.map((e) => e.event_id).sort());
  });
});
