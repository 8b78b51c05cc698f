import { randomUUID } from 'node:crypto';
import { KeySpace, RedisGraphStore } from '@cg/redis';
import { AppProcess } from '../support/app-process';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

type Body = Record<string, unknown>;
type Nodes = Record<string, { rank: number; retrieval_reason: string; provenance: { agent_id: string } }>;

function event(agent: string, session: string, minutesAgo: number, text: string, extra: Body = {}) {
  return {
    event_id: randomUUID(), event_type: 'tool.execute', occurred_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    session_id: session, agent_id: agent, trace_id: `trace-${session}`, payload_ref: 'inline', payload: { text }, ...extra,
  };
}

const ranked = (nodes: Nodes) => Object.entries(nodes).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);

// Issue 4 item 2: GET /v1/nodes/{node_id}/lineage over the real stack.
describe('GET /v1/nodes/{node_id}/lineage', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agentA = `agent-a-${run}`;
  const agentB = `agent-b-${run}`;
  let api: AppProcess;
  let keyedApi: AppProcess;

  // A deploy failing because a migration timed out: ask ← plan ← migrate ← timeout ← failed (CAUSED_BY).
  const ask = event(agentA, `s-a-${run}`, 60, 'Please deploy the billing service to production', { event_type: 'user.message' });
  const plan = event(agentA, `s-a-${run}`, 59, 'Starting deployment of billing service', { event_type: 'agent.invoke', parent_event_id: ask.event_id });
  const migrate = event(agentA, `s-a-${run}`, 58, 'Running database migration 42 for billing', { parent_event_id: plan.event_id, tool_name: 'migrate' });
  const timeout = event(agentA, `s-a-${run}`, 57, 'Database migration 42 timed out after 300 seconds', { parent_event_id: migrate.event_id, status: 'timeout' });
  const failed = event(agentA, `s-a-${run}`, 56, 'Deployment of billing service failed', { event_type: 'agent.invoke', parent_event_id: timeout.event_id, status: 'failed' });
  const chain = [ask, plan, migrate, timeout, failed];
  // Another agent's event naming agent A's failure as its cause: the edge exists, the node must never leak.
  const foreign = event(agentB, `s-b-${run}`, 55, 'Billing deployment failed, retrying the migration', { parent_event_id: failed.event_id });

  beforeAll(async () => {
    [api, , , keyedApi] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment'), stack.start('api', { API_KEYS: `k-${run}:other-${run}` }),
    ]);
    const { status } = await request('POST', `${api.url}/v1/events/batch`, { events: [...chain, foreign] });
    expect(status).toBeLessThan(300);
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);
  });
  afterAll(() => stack.close());

  const lineage = (id: string, query = '', url = api.url, headers: Record<string, string> = {}) =>
    request('GET', `${url}/v1/nodes/${encodeURIComponent(id)}/lineage${query ? `?${query}` : ''}`, undefined, headers);

  it('walks a failure back to its causes under the default why intent, with CAUSED_BY edges', async () => {
    const { status, body } = await lineage(failed.event_id);
    expect(status).toBe(200);
    const ids = ranked(body.nodes);
    expect(ids[0]).toBe(failed.event_id);
    expect(body.nodes[failed.event_id]).toMatchObject({ rank: 1, retrieval_reason: 'direct' });
    // max_depth 3 by default: timeout, migrate, plan — ask is four hops away.
    expect(ids).toEqual(expect.arrayContaining([timeout.event_id, migrate.event_id, plan.event_id]));
    expect(body.nodes[timeout.event_id].retrieval_reason).toBe('proactive');
    const causal = (body.edges as Body[]).filter((e) => e.edge_type === 'CAUSED_BY');
    expect(causal).toEqual(expect.arrayContaining([
      expect.objectContaining({ source: failed.event_id, target: timeout.event_id }),
      expect.objectContaining({ source: timeout.event_id, target: migrate.event_id }),
    ]));
    expect(body.meta).toMatchObject({ intent: 'why', nodes_returned: ids.length, capacity: { max_nodes: 100, max_depth: 3 } });
    expect(typeof body.meta.query_id).toBe('string');
  });

  it('honours max_depth and max_nodes, paging the rest through a cursor', async () => {
    const shallow = await lineage(failed.event_id, 'max_depth=1');
    expect(ranked(shallow.body.nodes)).not.toContain(migrate.event_id);
    expect(ranked(shallow.body.nodes)).toContain(timeout.event_id);
    expect(shallow.body.meta).toMatchObject({ truncated: true, truncated_by: 'depth' });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await lineage(failed.event_id, `max_depth=10&max_nodes=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(Object.keys(body.nodes).length).toBeLessThanOrEqual(2);
      seen.push(...ranked(body.nodes));
      cursor = body.pagination.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(chain.map((e) => e.event_id)));
  });

  it('never returns another agent\'s node, and refuses another agent or tenant the start node', async () => {
    // The graph does link the foreign event to agent A's failure, so the check below is not vacuous.
    const stored = await new RedisGraphStore(stack.redis, new KeySpace(stack.prefix)).edgesOf({ tenant: 'default', partition: 0 }, [failed.event_id]);
    expect(stored).toContainEqual(expect.objectContaining({ source: foreign.event_id, target: failed.event_id, edge_type: 'CAUSED_BY' }));
    const { body } = await lineage(failed.event_id, 'max_depth=10&intent=general');
    expect(Object.keys(body.nodes)).not.toContain(foreign.event_id);
    for (const node of Object.values(body.nodes as Nodes)) expect(node.provenance.agent_id).toBe(agentA);

    expect((await lineage(failed.event_id, `agent_id=${agentB}`)).status).toBe(404);
    const otherTenant = await lineage(failed.event_id, '', keyedApi.url, { authorization: `Bearer k-${run}` });
    expect(otherTenant.status).toBe(404);
    expect(otherTenant.body.error.code).toBe('not_found');
  });

  it('answers 404 for an unknown node, 422 for a bad id or bound, 410 for an expired cursor', async () => {
    const unknown = await lineage(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', details: [] });
    for (const [id, query, field] of [['not-a-node', '', 'node_id'], [failed.event_id, 'max_nodes=501', 'max_nodes'], [failed.event_id, 'max_depth=0', 'max_depth'], [failed.event_id, 'intent=gossip', 'intent'], ['entity:topic:billing', '', 'agent_id']]) {
      const answer = await lineage(id, query);
      expect(answer.status).toBe(422);
      expect(answer.body.error.details[0].field).toBe(field);
    }
    const stale = Buffer.from(JSON.stringify(['gone', 2])).toString('base64url');
    expect((await lineage(failed.event_id, `cursor=${stale}`)).status).toBe(410);
  });
});
