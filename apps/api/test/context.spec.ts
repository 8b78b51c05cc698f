import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { AtlasNode, encodeCursor, projectEvent, StoredEvent } from '@cg/domain';
import { KeySpace, RedisGraphStore, uniqueTestPrefix } from '@cg/redis';
import { aSession, EventBody } from './support/events';
import { fieldsOf, get, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

// No projection app runs here: the test projects the stored events itself through the graph store.
const prefix = uniqueTestPrefix();
const SCOPE = { tenant: 'default', partition: 0 };
let api: TestApi;
let redis: Redis;
let graph: RedisGraphStore;
let events: EventBody[];
let positions: Map<string, string>;

type Edge = { source: string; target: string; edge_type: string; properties: Record<string, unknown> };
const edgeKey = (e: Edge) => `${e.edge_type} ${e.source}->${e.target}`;

beforeAll(async () => {
  redis = await testRedis();
  graph = new RedisGraphStore(redis, new KeySpace(prefix));
  api = await startApi(prefix);
  events = aSession(10);
  events.forEach((e, n) => (e.importance_hint = (n % 5) + 1));
  events[3].importance_hint = 10;
  events[7].parent_event_id = events[2].event_id;
  const answer = await post(`${api.url}/v1/events/batch`, { events });
  expect(answer.body.accepted).toBe(10);
  positions = new Map(answer.body.results.map((r: { event_id: string; global_position: string }) => [r.event_id, r.global_position]));
  for (const event of events) {
    const stored = (await get<StoredEvent>(`${api.url}/v1/events/${event.event_id}`)).body;
    const { node, orderKey } = projectEvent(stored);
    await graph.projectEvent(SCOPE, node, orderKey);
  }
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

const context = (sessionId: string, query = '') => get(`${api.url}/v1/context/${sessionId}${query ? `?${query}` : ''}`);

describe('GET /v1/context/:session_id', () => {
  it('ranks the session\'s Event nodes by composite score, with provenance and every edge', async () => {
    const answer = await context(events[0].session_id);
    expect(answer.status).toBe(200);
    const nodes = Object.entries<AtlasNode>(answer.body.nodes);
    expect(nodes.map(([, n]) => n.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const scores = nodes.map(([, n]) => n.scores.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(nodes[0][0]).toBe(events[3].event_id);
    expect(nodes[0][1].scores.importance_score).toBe(10);

    const sample = answer.body.nodes[events[5].event_id];
    expect(sample).toMatchObject({
      node_type: 'Event',
      retrieval_reason: 'direct',
      attributes: { event_type: events[5].event_type, text: 'step 5' },
      provenance: {
        event_id: events[5].event_id, global_position: positions.get(events[5].event_id), source: 'redis',
        occurred_at: events[5].occurred_at, session_id: events[5].session_id, agent_id: events[5].agent_id, trace_id: events[5].trace_id,
      },
    });

    const expected = [
      ...events.slice(1).map((e, i) => `FOLLOWS ${e.event_id}->${events[i].event_id}`),
      `CAUSED_BY ${events[7].event_id}->${events[2].event_id}`,
    ].sort();
    expect(answer.body.edges.map(edgeKey).sort()).toEqual(expected);
    expect(answer.body.pagination).toEqual({ cursor: null, has_more: false });
    expect(answer.body.meta).toMatchObject({ nodes_returned: 10, truncated: false, capacity: { max_nodes: 100, used_nodes: 10, max_depth: 3 } });
  });

  it('pages through a cursor: every node exactly once, ranks continuing, every edge once', async () => {
    const seen: string[] = [];
    const ranks: number[] = [];
    const edges: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `max_nodes=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await context(events[0].session_id, query);
      expect(answer.status).toBe(200);
      for (const [id, node] of Object.entries<AtlasNode>(answer.body.nodes)) {
        seen.push(id);
        ranks.push(node.rank);
      }
      edges.push(...answer.body.edges.map(edgeKey));
      cursor = answer.body.pagination.cursor;
      expect(answer.body.pagination.has_more).toBe(cursor !== null);
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(10);
    expect(new Set(seen)).toEqual(new Set(events.map((e) => e.event_id)));
    expect(ranks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const whole = (await context(events[0].session_id)).body.edges.map(edgeKey);
    expect(edges.sort()).toEqual(whole.sort());
  });

  it('answers an unknown session with an empty Atlas response', async () => {
    const answer = await context('no-such-session');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ nodes: {}, edges: [], pagination: { cursor: null, has_more: false }, meta: { nodes_returned: 0 } });
  });

  it.each([
    ['max_nodes=0', ['max_nodes']],
    ['max_nodes=501', ['max_nodes']],
    ['max_nodes=2.5', ['max_nodes']],
    ['max_depth=0', ['max_depth']],
    ['max_depth=11', ['max_depth']],
    ['max_nodes=0&max_depth=11', ['max_nodes', 'max_depth']],
    ['limit=5', ['limit']],
  ])('refuses %s with 422 naming the field', async (query, fields) => {
    const answer = await context(events[0].session_id, query);
    expect(answer.status).toBe(422);
    expect(fieldsOf(answer)).toEqual(fields);
  });

  it('accepts the bounds themselves', async () => {
    expect((await context(events[0].session_id, 'max_nodes=1&max_depth=1')).status).toBe(200);
    expect((await context(events[0].session_id, 'max_nodes=500&max_depth=10')).status).toBe(200);
  });

  it('refuses a malformed cursor with 422', async () => {
    const answer = await context(events[0].session_id, 'cursor=%7Bnot-a-cursor%7D');
    expect(answer.status).toBe(422);
    expect(fieldsOf(answer)).toEqual(['cursor']);
  });

  it('answers an unknown, expired or foreign cursor with 410', async () => {
    const unknown = encodeCursor({ snapshot: randomUUID(), offset: 3 });
    const first = await context(events[0].session_id, 'max_nodes=3');
    const real = first.body.pagination.cursor as string;
    const foreign = await context('no-such-session', `cursor=${encodeURIComponent(real)}`);
    expect(foreign.status).toBe(410);

    const other = aSession(2);
    await post(`${api.url}/v1/events/batch`, { events: other });
    const otherSession = await context(other[0].session_id, `cursor=${encodeURIComponent(real)}`);
    expect(otherSession.status).toBe(410);

    expect((await context(events[0].session_id, `cursor=${encodeURIComponent(unknown)}`)).status).toBe(410);
    expect((await context(events[0].session_id, `cursor=${encodeURIComponent(real)}`)).status).toBe(200);
    await redis.unlink(...await redis.keys(`${prefix}*:snapshot:*`));
    const expired = await context(events[0].session_id, `cursor=${encodeURIComponent(real)}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('cursor_expired');
  });

  it('counts a direct return as an access, in the background', async () => {
    const session = aSession(1);
    await post(`${api.url}/v1/events`, session[0]);
    const { node, orderKey } = projectEvent((await get<StoredEvent>(`${api.url}/v1/events/${session[0].event_id}`)).body);
    await graph.projectEvent(SCOPE, node, orderKey);
    expect((await context(session[0].session_id)).status).toBe(200);
    const deadline = Date.now() + 2000;
    let accessCount = 0;
    while (accessCount === 0 && Date.now() < deadline) {
      [{ access_count: accessCount }] = await graph.eventNodes(SCOPE, [node.id]);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(accessCount).toBe(1);
    await context(session[0].session_id);
    await new Promise((r) => setTimeout(r, 100));
    const [again] = await graph.eventNodes(SCOPE, [node.id]);
    expect(again.access_count).toBe(1); // at most once per ACCESS_BUMP_INTERVAL_MS (default 1 h)
  });
});
