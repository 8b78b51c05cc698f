import { randomUUID } from 'node:crypto';
import { waitFor } from '@cg/platform';
import { keyContents, KeySpace, PartitionKeys } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const MIN = 60_000;

/**
 * 30 events of one agent in two sessions, importance hint 6 each (180 > the threshold of 150).
 * Session A: two traces (two episodes); session B: one trace with a 45-minute pause (two episodes).
 */
function conversation(agent: string, run: string) {
  const start = Date.now() - 3 * 60 * MIN;
  const event = (session: string, n: number, minute: number, trace: string) => ({
    event_id: randomUUID(), event_type: n % 3 ? 'tool.execute' : 'user.message', occurred_at: new Date(start + minute * MIN).toISOString(),
    session_id: `${session}-${run}`, agent_id: agent, trace_id: `${trace}-${run}`, payload_ref: 'inline', importance_hint: 6,
    payload: { text: `Step ${n} of ${session}: checked the flight to Lisbon and the hotel booking number ${n}.` },
  });
  const a = Array.from({ length: 15 }, (_, n) => event('s-a', n, n, n < 8 ? 't-a1' : 't-a2'));
  const b = Array.from({ length: 15 }, (_, n) => event('s-b', n, 20 + n + (n >= 7 ? 45 : 0), 't-b'));
  return [...a, ...b];
}

// Issue 5 (consolidation), every app a real process on its own key prefix.
describe('consolidation', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agent = `agent-consolidation-${run}`;
  const events = conversation(agent, run);
  const k: PartitionKeys = new KeySpace(stack.prefix).of({ tenant: 'default', partition: 0 });
  let api: AppProcess;

  afterAll(() => stack.close());

  const summaryIds = () => stack.redis.zrange(k.summaryIndex(agent), 0, -1);
  const node = (id: string) => stack.redis.hgetall(k.node(id));
  /** Graph and consolidation state under the prefix (the lock, which comes and goes, left out). */
  const dump = async () => Object.fromEntries(Object.entries(await keyContents(stack.redis, stack.prefix))
    .filter(([key]) => /:(graph|consolidation):/.test(key) && !key.endsWith(':lock')));

  it('passing the reflection threshold writes episode and session summaries with SUMMARIZES edges and lineage', async () => {
    let consolidation: AppProcess;
    [api, , , consolidation] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment'), stack.start('consolidation', { CONSOLIDATION_INTERVAL_MS: '0' }),
    ]);
    const ready = await request('GET', `${consolidation.url}/health/ready`);
    expect(ready).toMatchObject({ status: 200, body: { checks: { redis: 'ok', summarizer: 'extractive' } } });
    const ingested = await request('POST', `${api.url}/v1/events/batch`, { events });
    expect(ingested.body.accepted).toBe(30);
    await waitForDrain(api.url, 90_000); // every stage, consolidation included: a reflection pass runs before its batch is acked

    const ids = await waitFor(async () => {
      const found = await summaryIds();
      return found.filter((id) => id.startsWith('summary:session:')).length === 2 && found;
    }, 10_000);
    const nodes = await Promise.all(ids.map(node));
    const metrics = await (await fetch(`${consolidation.url}/metrics`)).text();
    expect(metrics).toMatch(/cg_consolidation_passes_total\{trigger="reflection",outcome="done"[^}]*\} [1-9]/);
    const levels = new Set(nodes.map((n) => n.level));
    expect([...levels].sort()).toEqual(['episode', 'session']); // the agent summary comes with the schedule (next test)
    const eventIds = new Set<string>(events.map((e) => e.event_id));
    for (const summary of nodes) {
      expect(summary).toMatchObject({ node_type: 'Summary', agent_id: agent, method: 'extractive' });
      const derived: string[] = JSON.parse(summary.derived_from);
      expect(derived.length).toBeGreaterThan(0);
      for (const id of derived) expect(eventIds.has(id)).toBe(true);
      // Enrichment adds a summary's REFERENCES to the entities its text names; SUMMARIZES go to its sources.
      const out = Object.entries(await stack.redis.hgetall(k.edgesOut(summary.id))).filter(([field]) => !field.startsWith('REFERENCES|'));
      expect(out.length).toBe(Number(summary.source_count));
      for (const [field, props] of out) {
        expect(field).toMatch(/^SUMMARIZES\|/);
        expect(JSON.parse(props)).toEqual({ level: summary.level });
        const target = field.slice('SUMMARIZES|'.length);
        expect(await stack.redis.hget(k.edgesIn(target), `SUMMARIZES|${summary.id}`)).toBe(props);
        if (summary.level === 'episode') expect(eventIds.has(target)).toBe(true);
        else expect(target).toMatch(summary.level === 'session' ? /^summary:episode:/ : /^summary:session:/);
      }
    }
  });

  it('the summaries it made are enriched and served: lineage reaches the events, context and subgraph return them with provenance', async () => {
    await waitForDrain(api.url, 60_000); // summaries went through enrichment (stream:projected → stream:enriched)
    const sessionA = `s-a-${run}`;
    const sessionSummary = `summary:session:${sessionA}`;
    const covered = events.filter((e) => e.session_id === sessionA).map((e) => e.event_id);

    const lineage = await request('GET', `${api.url}/v1/nodes/${encodeURIComponent(sessionSummary)}/lineage?max_depth=3`);
    expect(lineage.status).toBe(200);
    expect(Object.keys(lineage.body.nodes)).toEqual(expect.arrayContaining(covered));

    const context = await request('GET', `${api.url}/v1/context/${sessionA}`);
    expect(context.body.nodes[sessionSummary]).toMatchObject({ node_type: 'Summary', provenance: { session_id: sessionA, derived_from: [...covered].sort() } });

    const { body } = await request('POST', `${api.url}/v1/query/subgraph`, { query: 'flight to Lisbon hotel booking', session_id: sessionA, agent_id: agent, max_nodes: 50 });
    const summaries = Object.entries(body.nodes as Record<string, { node_type: string; provenance: { derived_from?: string[] } }>)
      .filter(([, n]) => n.node_type === 'Summary');
    expect(summaries.length).toBeGreaterThan(0);
    for (const [, n] of summaries) expect(n.provenance.derived_from?.length).toBeGreaterThan(0);
    expect(await stack.redis.hget(k.node(sessionSummary), 'embedding_model')).toBeTruthy();
  });

  it('two replicas on a schedule cover every event, then leave unchanged input unchanged', async () => {
    await stack.stopAll('consolidation');
    const replicas = await Promise.all(['one', 'two'].map((name) => stack.start('consolidation', { CONSOLIDATION_INTERVAL_MS: '300', CONSUMER_NAME: `replica-${name}` })));
    const passes = () => replicas.reduce((sum, r) => sum + r.lines.filter((l) => l.msg === 'scheduled pass').length, 0);

    // A full pass covers what arrived after the reflection pass too: all 30 events, 4 episodes, 2 sessions.
    await waitFor(async () => {
      const agentSummary = await node(`summary:agent:${agent}`);
      return agentSummary.derived_from && JSON.parse(agentSummary.derived_from).length === 30;
    }, 30_000);
    const ids = await summaryIds();
    expect(ids.filter((id) => id.startsWith('summary:episode:'))).toHaveLength(4);
    expect(ids.filter((id) => id.startsWith('summary:session:')).sort()).toEqual([`summary:session:s-a-${run}`, `summary:session:s-b-${run}`]);
    const seen = passes();
    await waitFor(async () => passes() > seen, 30_000);

    const before = await dump();
    const after = passes();
    await waitFor(async () => passes() >= after + 3, 30_000);
    expect(await dump()).toEqual(before);
    const logged = replicas.flatMap((r) => r.lines.filter((l) => l.msg === 'scheduled pass').slice(-1));
    for (const line of logged) expect(line).toMatchObject({ summaries_written: 0 });
    // The pipeline status reports the consolidation stage, drained.
    const { body } = await request('GET', `${api.url}/v1/admin/pipeline`);
    expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual(['projection', 'enrichment', 'consolidation']);
    expect(body.drained).toBe(true);
  });
});
