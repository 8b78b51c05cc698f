import { randomUUID } from 'node:crypto';
import { AppProcess } from '../support/app-process';
import { request, UP_TO_ENRICHMENT, waitForDrain } from '../support/http';
import { TestStack } from '../support/stack';

type Body = Record<string, unknown>;

function event(agent: string, session: string, minutesAgo: number, text: string, extra: Body = {}) {
  return {
    event_id: randomUUID(), event_type: 'tool.execute', occurred_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    session_id: session, agent_id: agent, trace_id: `trace-${session}`, payload_ref: 'inline', payload: { text }, ...extra,
  };
}

/** A deploy that fails because a migration timed out, with its cause chain, amid unrelated chatter. */
function deploySession(agent: string, session: string) {
  const ask = event(agent, session, 60, 'Please deploy the billing service to production', { event_type: 'user.message' });
  const plan = event(agent, session, 59, 'Starting deployment of billing service', { event_type: 'agent.invoke', parent_event_id: ask.event_id });
  const migrate = event(agent, session, 58, 'Running database migration 42 for billing', { parent_event_id: plan.event_id, tool_name: 'migrate' });
  const timeout = event(agent, session, 57, 'Database migration 42 timed out after 300 seconds', { parent_event_id: migrate.event_id, status: 'timeout', tool_name: 'migrate' });
  const failed = event(agent, session, 56, 'Deployment of billing service failed', { event_type: 'agent.invoke', parent_event_id: timeout.event_id, status: 'failed' });
  const chatter = Array.from({ length: 12 }, (_, i) => event(agent, session, 50 - i, `Lunch menu item ${i}: soup and salad option ${i}`, { event_type: 'user.message' }));
  return { chain: [ask, plan, migrate, timeout, failed], all: [ask, plan, migrate, timeout, failed, ...chatter] };
}

// Issue 4 (partial): POST /v1/query/subgraph over the real stack.
describe('POST /v1/query/subgraph', () => {
  const stack = new TestStack();
  const run = randomUUID().slice(0, 8);
  const agentA = `agent-a-${run}`;
  const agentB = `agent-b-${run}`;
  const sessionA = `s-a-${run}`;
  let api: AppProcess;
  let slowApi: AppProcess;
  const deploy = deploySession(agentA, sessionA);

  beforeAll(async () => {
    [api, , , slowApi] = await Promise.all([
      stack.start('api'), stack.start('projection'), stack.start('enrichment'), stack.start('api', { RETRIEVAL_TEST_STEP_DELAY_MS: '100' }),
    ]);
    const other = Array.from({ length: 10 }, (_, i) => event(agentB, `s-b-${run}`, 30 - i, `Gardening notes: tomatoes need water, day ${i}`));
    await request('POST', `${api.url}/v1/events/batch`, { events: [...deploy.all, ...other] });
    await waitForDrain(api.url, 60_000, UP_TO_ENRICHMENT);
  });
  afterAll(() => stack.close());

  const query = (body: Body, url = api.url) => request('POST', `${url}/v1/query/subgraph`, { session_id: sessionA, agent_id: agentA, ...body });

  it('answers "why did the deploy fail?" with the failure and its causes, why first, CAUSED_BY among the edges', async () => {
    const { status, body } = await query({ query: 'Why did the billing deployment fail?' });
    expect(status).toBe(200);
    const intents = body.meta.inferred_intents as Record<string, number>;
    expect(Object.entries(intents).sort((a, b) => b[1] - a[1])[0][0]).toBe('why');
    const ranked = Object.entries(body.nodes as Record<string, { rank: number }>).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);
    const chainIds = deploy.chain.map((e) => e.event_id);
    expect(ranked.slice(0, 8)).toEqual(expect.arrayContaining([deploy.chain[4].event_id, deploy.chain[3].event_id]));
    expect(chainIds.filter((id) => ranked.includes(id)).length).toBeGreaterThanOrEqual(4);
    expect(body.edges.some((e: Body) => e.edge_type === 'CAUSED_BY')).toBe(true);
    expect(body.meta.seed_nodes.length).toBeGreaterThan(0);
  });

  it('never returns a node of another agent scope', async () => {
    const { body } = await query({ query: 'tomatoes gardening water' });
    for (const node of Object.values(body.nodes as Record<string, { provenance: { agent_id: string } }>)) {
      expect(node.provenance.agent_id).toBe(agentA);
    }
  });

  it('honours max_nodes and max_depth, and refuses bounds out of range', async () => {
    const { body } = await query({ query: 'billing deployment', max_nodes: 3, max_depth: 1 });
    expect(Object.keys(body.nodes).length).toBeLessThanOrEqual(3);
    expect(body.meta.capacity).toMatchObject({ max_nodes: 3, max_depth: 1 });
    for (const bad of [{ max_nodes: 501 }, { max_depth: 0 }, { timeout_ms: 50 }, { intent: 'gossip' }]) {
      const answer = await query({ query: 'x', ...bad });
      expect(answer.status).toBe(422);
      expect(answer.body.error.details[0].field).toBe(Object.keys(bad)[0]);
    }
  });

  it('returns what it has, truncated, when a slow walk hits timeout_ms', async () => {
    const started = Date.now();
    const { status, body } = await query({ query: 'Why did the billing deployment fail?', timeout_ms: 300 }, slowApi.url);
    expect(status).toBe(200);
    expect(body.meta).toMatchObject({ truncated: true, truncated_by: 'time' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('pages a large result through a cursor, every node once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await query({ query: 'billing deployment lunch menu soup', max_nodes: 4, max_depth: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...Object.keys(body.nodes));
      cursor = body.pagination.cursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
