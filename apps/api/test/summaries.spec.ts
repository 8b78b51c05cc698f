import type Redis from 'ioredis';
import { AgentScope, AtlasNode, eventSource, planSummary, projectEvent, StoredEvent, SummaryNode, summaryNode, summarySource } from '@cg/domain';
import { KeySpace, RedisGraphStore, RedisScopeLock, RedisSummaryStore, uniqueTestPrefix } from '@cg/redis';
import { aSession, EventBody } from './support/events';
import { get, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

// Issue 5: Summary nodes in GET /v1/context and GET /v1/nodes/{id}/lineage. No consolidation app runs
// here: the test writes summaries through the summary store, as consolidation does.
const prefix = uniqueTestPrefix();
const SCOPE = { tenant: 'default', partition: 0 };
let api: TestApi;
let redis: Redis;
let events: EventBody[];
let other: EventBody[];
let episodes: SummaryNode[];
let session: SummaryNode;
let agentSummary: SummaryNode;

type Edge = { source: string; target: string; edge_type: string };
const ranked = (nodes: Record<string, AtlasNode>) => Object.entries(nodes).sort((a, b) => a[1].rank - b[1].rank).map(([id]) => id);

beforeAll(async () => {
  redis = await testRedis();
  const keys = new KeySpace(prefix);
  const graph = new RedisGraphStore(redis, keys);
  api = await startApi(prefix);
  events = aSession(6, undefined, { agent_id: 'agent-sum' });
  other = aSession(2, undefined, { agent_id: 'agent-sum' });
  const answer = await post(`${api.url}/v1/events/batch`, { events: [...events, ...other] });
  expect(answer.body.accepted).toBe(8);
  for (const event of [...events, ...other]) {
    const stored = (await get<StoredEvent>(`${api.url}/v1/events/${event.event_id}`)).body;
    const { node, orderKey } = projectEvent(stored);
    await graph.projectEvent(SCOPE, node, orderKey);
  }

  // Two episodes (events 0–2, 3–5) under the session summary, another session's episode, the agent summary over both sessions.
  const agent: AgentScope = { ...SCOPE, agentId: 'agent-sum' };
  const store = new RedisSummaryStore(redis, keys);
  const lease = (await new RedisScopeLock(redis, keys).acquire(agent, 'consolidation', 60_000))!;
  const write = async (node: SummaryNode, sources: string[]) => expect(await store.write(agent, node, sources, lease)).toBe('written');
  const nodesOf = (list: EventBody[]) => graph.eventNodes(SCOPE, list.map((e) => e.event_id));
  const episode = async (list: EventBody[], text: string) => {
    const covered = await nodesOf(list);
    const plan = planSummary({ level: 'episode', scopeId: list[0].event_id, agentId: 'agent-sum', sessionId: list[0].session_id, sources: covered.map(eventSource) });
    const node = summaryNode(plan, { text, method: 'extractive', model: 'test-v1' }, Date.now());
    await write(node, covered.map((e) => e.id));
    return node;
  };
  const above = async (level: 'session' | 'agent', scopeId: string, sessionId: string | undefined, lower: SummaryNode[], text: string) => {
    const plan = planSummary({ level, scopeId, agentId: 'agent-sum', sessionId, sources: lower.map(summarySource) });
    const node = summaryNode(plan, { text, method: 'extractive', model: 'test-v1' }, Date.now());
    await write(node, lower.map((s) => s.id));
    return node;
  };
  episodes = [await episode(events.slice(0, 3), 'Steps 0 to 2 ran.'), await episode(events.slice(3), 'Steps 3 to 5 ran.')];
  session = await above('session', events[0].session_id, events[0].session_id, episodes, 'The session ran six steps.');
  const otherEpisode = await episode(other, 'Another session.');
  const otherSession = await above('session', other[0].session_id, other[0].session_id, [otherEpisode], 'Another session, summarized.');
  agentSummary = await above('agent', 'agent-sum', undefined, [session, otherSession], 'The agent ran two sessions.');
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

describe('GET /v1/context/:session_id with summaries', () => {
  it('ranks the session\'s episode and session summaries with its events, with provenance and SUMMARIZES edges', async () => {
    const answer = await get(`${api.url}/v1/context/${events[0].session_id}`);
    expect(answer.status).toBe(200);
    const ids = ranked(answer.body.nodes);
    expect([...ids].sort()).toEqual([...events.map((e) => e.event_id), ...episodes.map((s) => s.id), session.id].sort());
    expect(ids).not.toContain(agentSummary.id);
    expect(answer.body.nodes[session.id]).toMatchObject({
      node_type: 'Summary', retrieval_reason: 'direct',
      attributes: { summary: 'The session ran six steps.', level: 'session', method: 'extractive', model: 'test-v1', source_count: 2 },
      provenance: {
        source: 'redis', agent_id: 'agent-sum', session_id: events[0].session_id,
        derived_from: events.map((e) => e.event_id).sort(), occurred_at: events[5].occurred_at, first_occurred_at: events[0].occurred_at,
      },
      scores: { importance_score: session.importance_score },
    });
    const scores = ids.map((id) => answer.body.nodes[id].scores.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const edges = (answer.body.edges as Edge[]).map((e) => `${e.edge_type} ${e.source}->${e.target}`);
    expect(edges).toEqual(expect.arrayContaining([
      `SUMMARIZES ${session.id}->${episodes[0].id}`, `SUMMARIZES ${episodes[1].id}->${events[4].event_id}`,
    ]));
    expect(answer.body.meta).toMatchObject({ nodes_returned: 9, total_nodes: 9 });
  });

  it('includes the episode level only with max_depth=1, and no summaries of another session', async () => {
    const shallow = ranked((await get(`${api.url}/v1/context/${events[0].session_id}?max_depth=1`)).body.nodes);
    expect(shallow).toEqual(expect.arrayContaining(episodes.map((s) => s.id)));
    expect(shallow).not.toContain(session.id);
    const otherIds = ranked((await get(`${api.url}/v1/context/${other[0].session_id}`)).body.nodes);
    expect(otherIds).toHaveLength(4);
    expect(otherIds.filter((id) => id.startsWith('summary:')).every((id) => !episodes.some((s) => s.id === id) && id !== session.id)).toBe(true);
  });
});

describe('GET /v1/nodes/{summary id}/lineage', () => {
  const lineage = (id: string, query = '') => get(`${api.url}/v1/nodes/${encodeURIComponent(id)}/lineage${query ? `?${query}` : ''}`);

  it('starts from a session summary and reaches, through its episodes, the source events, each rendered', async () => {
    const answer = await lineage(session.id);
    expect(answer.status).toBe(200);
    const ids = ranked(answer.body.nodes);
    expect(ids[0]).toBe(session.id);
    expect(answer.body.nodes[session.id]).toMatchObject({ node_type: 'Summary', rank: 1, retrieval_reason: 'direct' });
    expect(ids).toEqual(expect.arrayContaining([...episodes.map((s) => s.id), ...events.map((e) => e.event_id)]));
    expect(answer.body.nodes[episodes[0].id]).toMatchObject({ node_type: 'Summary', retrieval_reason: 'proactive', provenance: { derived_from: episodes[0].derived_from } });
    expect(answer.body.nodes[events[1].event_id]).toMatchObject({ node_type: 'Event', retrieval_reason: 'proactive' });
    const edges = (answer.body.edges as Edge[]).map((e) => `${e.edge_type} ${e.source}->${e.target}`);
    expect(edges).toEqual(expect.arrayContaining([`SUMMARIZES ${session.id}->${episodes[0].id}`, `SUMMARIZES ${episodes[0].id}->${events[0].event_id}`]));
    expect(answer.body.meta).toMatchObject({ intent: 'why', start_node: session.id });
  });

  it('walks from an event up to the summaries covering it', async () => {
    const ids = ranked((await lineage(events[4].event_id, 'intent=general&max_depth=2')).body.nodes);
    expect(ids).toEqual(expect.arrayContaining([episodes[1].id, session.id]));
  });

  it('answers 404 for an unknown summary or another agent, 422 for a malformed summary id', async () => {
    expect((await lineage('summary:session:no-such-session')).status).toBe(404);
    expect((await lineage(session.id, 'agent_id=someone-else')).status).toBe(404);
    expect((await lineage(agentSummary.id, 'agent_id=agent-sum')).status).toBe(200);
    for (const bad of ['summary:week:s-1', 'summary:session:', 'summary:session:a b']) {
      const answer = await lineage(bad);
      expect(answer.status).toBe(422);
      expect(answer.body.error.details[0].field).toBe('node_id');
    }
  });
});
