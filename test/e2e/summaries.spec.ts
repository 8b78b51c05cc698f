import { randomUUID } from 'node:crypto';
import { AgentScope, eventSource, PROJECTED_STREAM, planSummary, SummaryNode, summaryNode, summarySource } from '@cg/domain';
import { KeySpace, RedisGraphStore, RedisScopeLock, RedisSummaryStore, StageStreamWriter } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

type Body = Record<string, unknown>;
type Nodes = Record<string, { rank: number; node_type: string; retrieval_reason: string; provenance: { agent_id: string; derived_from?: string[] } }>;

function event(agent: string, session: string, minutesAgo: number, text: string, extra: Body = {}) {
  return {
    event_id: randomUUID(), event_type: 'tool.execute', occurred_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    session_id: session, agent_id: agent, trace_id: `trace-${session}`, payload_ref: 'inline', payload: { text }, ...extra,
  };
}

const ranked = (nodes: Nodes) => Object.entries(nodes).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);

// Issue 5 acceptance: summaries appear in /v1/context and /v1/query/subgraph with provenance, and
// GET /v1/nodes/{summary}/lineage reaches the source events. The consolidation app is not started:
// the test writes the Summary nodes through the summary store and enqueues their ids on the projected
// stream, as consolidation does, so the real enrichment app indexes them.
describe('Summary nodes in context, subgraph and lineage', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agentA = `agent-a-${run}`;
  const agentB = `agent-b-${run}`;
  const sessionA = `s-a-${run}`;
  let api: AppProcess;
  const SUMMARY_TEXT = 'Quarterly reconciliation stalled: the ledger export to the auditors was blocked by a failed migration.';

  const chain = [
    event(agentA, sessionA, 60, 'Please deploy the billing service to production', { event_type: 'user.message' }),
    event(agentA, sessionA, 59, 'Running database migration 42 for billing', { tool_name: 'migrate' }),
    event(agentA, sessionA, 58, 'Database migration 42 timed out after 300 seconds', { status: 'timeout' }),
  ];
  const later = [
    event(agentA, sessionA, 30, 'Lunch menu: soup and salad'),
    event(agentA, sessionA, 29, 'Lunch order placed for the team'),
  ];
  const foreign = event(agentB, `s-b-${run}`, 40, 'Gardening notes: tomatoes need water');
  let episode: SummaryNode;
  let lunch: SummaryNode;
  let session: SummaryNode;
  let foreignSummary: SummaryNode;

  beforeAll(async () => {
    [api] = await Promise.all([stack.start('api'), stack.start('projection'), stack.start('enrichment')]);
    const { status } = await request('POST', `${api.url}/v1/events/batch`, { events: [...chain, ...later, foreign] });
    expect(status).toBeLessThan(300);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);

    const keys = new KeySpace(stack.prefix);
    const partition = { tenant: 'default', partition: 0 };
    const graph = new RedisGraphStore(stack.redis, keys);
    const store = new RedisSummaryStore(stack.redis, keys);
    const locks = new RedisScopeLock(stack.redis, keys);
    const write = async (agentId: string, level: 'episode' | 'session', scopeId: string, sessionId: string, sources: ReturnType<typeof eventSource>[], text: string) => {
      const scope: AgentScope = { ...partition, agentId };
      const lease = (await locks.acquire(scope, 'consolidation', 60_000))!;
      const node = summaryNode(planSummary({ level, scopeId, agentId, sessionId, sources }), { text, method: 'extractive', model: 'test-v1' }, Date.now());
      expect(await store.write(scope, node, sources.map((s) => s.id), lease)).toBe('written');
      await locks.release(scope, lease);
      return node;
    };
    const sourcesOf = async (list: { event_id: string }[]) => (await graph.eventNodes(partition, list.map((e) => e.event_id))).map(eventSource);
    episode = await write(agentA, 'episode', chain[0].event_id, sessionA, await sourcesOf(chain), SUMMARY_TEXT);
    lunch = await write(agentA, 'episode', later[0].event_id, sessionA, await sourcesOf(later), 'The team ordered lunch.');
    session = await write(agentA, 'session', sessionA, sessionA, [episode, lunch].map(summarySource), `${SUMMARY_TEXT} Then the team ordered lunch.`);
    foreignSummary = await write(agentB, 'episode', foreign.event_id, `s-b-${run}`, await sourcesOf([foreign]), SUMMARY_TEXT);
    // What consolidation does after writing: the ids go to Stage 2 like projected event ids.
    await new StageStreamWriter(stack.redis, keys).append(partition, PROJECTED_STREAM, [episode.id, lunch.id, session.id, foreignSummary.id]);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);
  });
  afterAll(() => stack.close());

  it('enrichment indexed the summaries: none dead-lettered, each with keywords and the embedding model', async () => {
    const { body } = await request('GET', `${api.url}/v1/admin/pipeline`);
    expect(body.stages.filter((s: { stage: string }) => s.stage === 'enrichment').every((s: { dead_lettered: number }) => s.dead_lettered === 0)).toBe(true);
    const [node] = await new RedisGraphStore(stack.redis, new KeySpace(stack.prefix)).nodes({ tenant: 'default', partition: 0 }, [episode.id]);
    expect(node).toMatchObject({ node_type: 'Summary', embedding_model: expect.any(String), keywords: expect.any(Array) });
  });

  it('POST /v1/query/subgraph finds a summary by words only its text has, with provenance, and only the asked scope\'s', async () => {
    const { status, body } = await request('POST', `${api.url}/v1/query/subgraph`, {
      query: 'quarterly reconciliation auditors', session_id: sessionA, agent_id: agentA,
    });
    expect(status).toBe(200);
    const ids = ranked(body.nodes);
    expect(ids).toEqual(expect.arrayContaining([episode.id, session.id]));
    expect(ids.indexOf(episode.id)).toBeLessThan(3);
    expect(body.nodes[episode.id]).toMatchObject({
      node_type: 'Summary', retrieval_reason: 'direct',
      attributes: { summary: SUMMARY_TEXT, level: 'episode', source_count: 3 },
      provenance: { agent_id: agentA, session_id: sessionA, derived_from: chain.map((e) => e.event_id).sort() },
    });
    expect(body.meta.seed_nodes).toContain(episode.id);
    // The walk goes down SUMMARIZES to the covered events; the edges among returned nodes come along.
    expect(ids).toEqual(expect.arrayContaining(chain.map((e) => e.event_id)));
    expect(body.edges).toEqual(expect.arrayContaining([expect.objectContaining({ edge_type: 'SUMMARIZES', source: episode.id, target: chain[0].event_id })]));
    expect(ids).not.toContain(foreignSummary.id);
    for (const node of Object.values(body.nodes as Nodes)) expect(node.provenance.agent_id).toBe(agentA);
  });

  it('GET /v1/nodes/{summary}/lineage reaches the source events', async () => {
    const { status, body } = await request('GET', `${api.url}/v1/nodes/${encodeURIComponent(session.id)}/lineage`);
    expect(status).toBe(200);
    const ids = ranked(body.nodes);
    expect(ids[0]).toBe(session.id);
    expect(ids).toEqual(expect.arrayContaining([episode.id, lunch.id, ...chain.map((e) => e.event_id), ...later.map((e) => e.event_id)]));
    expect(body.nodes[chain[2].event_id]).toMatchObject({ node_type: 'Event', retrieval_reason: 'proactive' });
    expect(ids).not.toContain(foreignSummary.id);
  });

  it('GET /v1/context/{session} includes the session\'s summaries, ranked with its events', async () => {
    const { status, body } = await request('GET', `${api.url}/v1/context/${sessionA}`);
    expect(status).toBe(200);
    const ids = ranked(body.nodes);
    expect([...ids].sort()).toEqual([...[...chain, ...later].map((e): string => e.event_id), episode.id, lunch.id, session.id].sort());
    expect(body.nodes[session.id]).toMatchObject({
      node_type: 'Summary', provenance: { session_id: sessionA, derived_from: [...chain, ...later].map((e) => e.event_id).sort() },
    });
    const scores = ids.map((id) => body.nodes[id].scores.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
