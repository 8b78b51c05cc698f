import { randomUUID } from 'node:crypto';
import { KeySpace, PartitionKeys } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { dumpGraph } from '../support/graph-dump';
import { request, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

const MIN = 60_000;
const PEOPLE = ['Maria Lopez', 'John Smith', 'Anna Berg'];
const ORGS = ['Acme Corp', 'Globex', 'Initech'];
const PLACES = ['Lisbon', 'Berlin', 'Paris'];

/**
 * 40 events, 3 sessions, 2 agents: agent A has two sessions of 12 (importance hint 7 each: 168 > the
 * reflection threshold of 150), agent B one session of 16 (hint 10: 160). Every third event is caused
 * by the one before it; texts name people, organizations and places; session A1 pauses 45 minutes
 * (two episodes), A2 changes trace half way (two episodes).
 */
function conversation(run: string) {
  const start = Date.now() - 4 * 60 * MIN;
  const events: Record<string, unknown>[] = [];
  const session = (agent: string, sessionId: string, count: number, hint: number, minuteOf: (n: number) => number, traceOf: (n: number) => string) => {
    let previous: string | undefined;
    for (let n = 0; n < count; n++) {
      const id = randomUUID();
      const [person, org, place] = [PEOPLE[n % 3], ORGS[(n + 1) % 3], PLACES[(n + 2) % 3]];
      events.push({
        event_id: id, event_type: n % 4 === 0 ? 'user.message' : n % 4 === 3 ? 'agent.invoke' : 'tool.execute',
        occurred_at: new Date(start + minuteOf(n) * MIN).toISOString(), session_id: `${sessionId}-${run}`, agent_id: `${agent}-${run}`,
        trace_id: `${traceOf(n)}-${run}`, payload_ref: 'inline', importance_hint: hint,
        ...(n % 3 === 2 && previous ? { parent_event_id: previous } : {}),
        ...(n % 4 === 1 ? { tool_name: 'search', status: n % 8 === 5 ? 'failed' : 'completed' } : {}),
        payload: { text: `${person} from ${org} asked about the trip to ${place}; step ${n} of ${sessionId} checked booking ${100 + n}.` },
      });
      previous = id;
    }
  };
  session('agent-a', 's-a1', 12, 7, (n) => n + (n >= 6 ? 45 : 0), () => 't-a1');
  session('agent-a', 's-a2', 12, 7, (n) => 70 + n, (n) => (n < 6 ? 't-a2' : 't-a3'));
  session('agent-b', 's-b1', 16, 10, (n) => 10 + 2 * n, () => 't-b1');
  return events;
}

// Issue 5, SPEC §4 Replay: the graph rebuilt from the ledger equals the one live processing built.
describe('admin replay and reconsolidate', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const events = conversation(run);
  const [agentA, agentB] = [`agent-a-${run}`, `agent-b-${run}`];
  const k: PartitionKeys = new KeySpace(stack.prefix).of({ tenant: 'default', partition: 0 });
  let api: AppProcess;

  const drained = () => waitForDrain(api.url, 180_000);
  const post = (path: string, body?: unknown) => request('POST', `${api.url}/v1/admin/${path}`, body);
  const ledgerState = async () => ({
    ledger: await stack.redis.xlen(k.stream('ledger')),
    dedup: await stack.redis.zcard(k.dedup),
    documents: (await Promise.all(events.map((e) => stack.redis.exists(k.event(String(e.event_id)))))).reduce((a, b) => a + b, 0),
    sessions: await stack.redis.hlen(k.sessionAgents),
    groups: (await stack.redis.xinfo('GROUPS', k.stream('ledger')) as unknown[]).length,
  });

  beforeAll(async () => {
    [api] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment'), stack.start('consolidation', { CONSOLIDATION_INTERVAL_MS: '0' }),
    ]);
    const ingested = await request('POST', `${api.url}/v1/events/batch`, { events });
    expect(ingested.body.accepted).toBe(events.length);
    await drained();
  }, 240_000);
  afterAll(() => stack.close());

  it('replay then reconsolidation reach the graph live processing and reconsolidation built', async () => {
    const all = await post('reconsolidate', {});
    expect(all.status).toBe(200);
    const scopes = all.body.scopes as { agent_id: string; outcome: string; sessions: number }[];
    expect(scopes.map((s) => s.agent_id).sort()).toEqual([agentA, agentB]);
    for (const scope of scopes) expect(scope).toMatchObject({ tenant: 'default', partition: 0, outcome: 'done' });
    expect(scopes.find((s) => s.agent_id === agentA)?.sessions).toBe(2);
    await drained();

    const live = await dumpGraph(stack.redis, stack.prefix, { indexes: true });
    // Non-trivial: every node type and the edges of every stage are in it.
    const nodes = Object.entries(live).filter(([key]) => /:node:/.test(key)).map(([, fields]) => Object.fromEntries(fields as [string, string][]));
    const types = new Set(nodes.map((n) => n.node_type));
    expect([...types].sort()).toEqual(expect.arrayContaining(['Entity', 'Event', 'Summary']));
    expect(nodes.filter((n) => n.node_type === 'Event')).toHaveLength(events.length);
    const edgeTypes = new Set(Object.entries(live).filter(([key]) => /:(out|in):/.test(key))
      .flatMap(([, fields]) => (fields as [string, string][]).map(([field]) => field.split('|')[0])));
    expect([...edgeTypes]).toEqual(expect.arrayContaining(['FOLLOWS', 'CAUSED_BY', 'REFERENCES', 'SUMMARIZES']));
    expect(nodes.filter((n) => n.level === 'agent').map((n) => n.agent_id).sort()).toEqual([agentA, agentB]);
    expect(Object.keys(live).some((key) => /:vec:/.test(key))).toBe(true);
    expect(Object.keys(live).some((key) => /:lex:/.test(key))).toBe(true);
    const ledger = await ledgerState();

    const replay = await post('replay');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ partitions: 1, events_replayed: events.length, keys_deleted: expect.any(Number), summaries_kept: 0 });
    expect(replay.body.keys_deleted).toBeGreaterThan(Object.keys(live).length / 2);
    expect(await ledgerState()).toEqual(ledger);
    await drained();
    const again = await post('reconsolidate');
    expect(again.status).toBe(200);
    expect(again.body.scopes.map((s: { outcome: string }) => s.outcome)).toEqual(['done', 'done']);
    await drained();

    const rebuilt = await dumpGraph(stack.redis, stack.prefix, { indexes: true });
    expect(rebuilt).toEqual(live);
  });

  it('reconsolidate with an agent_id answers for that scope only, and a pass over unchanged input writes nothing', async () => {
    const one = await post('reconsolidate', { agent_id: agentB });
    expect(one.status).toBe(200);
    expect(one.body.scopes).toEqual([
      expect.objectContaining({ tenant: 'default', partition: 0, agent_id: agentB, outcome: 'done', sessions: 1, written: 0, unchanged: expect.any(Number) }),
    ]);
    expect(one.body.scopes[0].unchanged).toBeGreaterThan(0);

    const bad = await post('reconsolidate', { agent_id: 'no spaces allowed' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['agent_id']);
  });
});
