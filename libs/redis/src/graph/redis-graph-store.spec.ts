import Redis from 'ioredis';
import { GraphEdge, projectEvent, StoredEvent } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisGraphStore } from './redis-graph-store';

const scope = { tenant: 'default', partition: 0 };
const BASE = Date.parse('2026-11-26T12:00:00Z');
let redis: Redis;
let prefix: string;
let graph: RedisGraphStore;
let keys: KeySpace;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Session of 12 events a second apart; every third one caused by the one before it. */
function session(): StoredEvent[] {
  return Array.from({ length: 12 }, (_, n) => ({
    event_id: id(n),
    event_type: 'tool.execute',
    occurred_at: new Date(BASE + n * 1000).toISOString(),
    session_id: 's-1',
    agent_id: 'agent-a',
    trace_id: 't',
    payload_ref: `ref-${n}`,
    payload: { text: `step ${n}` },
    ...(n % 3 === 2 ? { parent_event_id: id(n - 1) } : {}),
    global_position: `${1_700_000_000_000 + n}-0`,
    ingested_at: new Date(BASE).toISOString(),
  }));
}

async function project(events: StoredEvent[]): Promise<void> {
  for (const event of events) {
    const { node, orderKey } = projectEvent(event);
    await graph.projectEvent(scope, node, orderKey);
  }
}

const edgeKey = (e: GraphEdge) => `${e.edge_type} ${e.source}->${e.target} ${JSON.stringify(e.properties)}`;

async function allEdges(events: StoredEvent[]): Promise<string[]> {
  const edges = await graph.edgesOf(scope, events.map((e) => e.event_id));
  return [...new Set(edges.map(edgeKey))].sort();
}

function expectedEdges(events: StoredEvent[]): string[] {
  const edges: string[] = [];
  events.forEach((e, n) => {
    if (n > 0) edges.push(`FOLLOWS ${e.event_id}->${events[n - 1].event_id} {"delta_ms":1000}`);
    if (e.parent_event_id) edges.push(`CAUSED_BY ${e.event_id}->${e.parent_event_id} {"mechanism":"parent_event_id"}`);
  });
  return edges.sort();
}

function shuffle<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  graph = new RedisGraphStore(redis, keys);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('RedisGraphStore.projectEvent', () => {
  it('builds the FOLLOWS chain and CAUSED_BY edges of an ordered session', async () => {
    const events = session();
    await project(events);
    expect(await allEdges(events)).toEqual(expectedEdges(events));
    expect(await graph.sessionNodeIds(scope, 's-1')).toEqual(events.map((e) => e.event_id));
  });

  it.each([1, 2, 3, 4, 5])('converges on the same graph in any arrival order (seed %i), children before parents', async (seed) => {
    const events = session();
    await project(shuffle(events, seed));
    expect(await allEdges(events)).toEqual(expectedEdges(events));
  });

  it('is idempotent: projecting again changes nothing and says so', async () => {
    const events = session();
    await project(events);
    const { node, orderKey } = projectEvent(events[4]);
    expect(await graph.projectEvent(scope, node, orderKey)).toBe(false);
    expect(await allEdges(events)).toEqual(expectedEdges(events));
  });

  it('stores the node attributes it was given and reads them back typed', async () => {
    const [event] = session();
    await project([event]);
    const [node] = await graph.eventNodes(scope, [event.event_id]);
    expect(node).toMatchObject({ id: event.event_id, node_type: 'Event', text: 'step 0', occurred_ms: BASE, importance_score: 5, access_count: 0 });
  });
});

describe('RedisGraphStore.projectEvent under hostile ids and damaged keys', () => {
  const inScope = (e: StoredEvent, session_id: string, agent_id: string): StoredEvent => ({ ...e, session_id, agent_id });

  it('keeps agents and sessions whose ids spell each other\'s key suffixes apart, in either order', async () => {
    const events = session().slice(0, 6);
    const scopes: [string, string][] = [['s', 'a'], ['s:order', 'a:entities'], ['v:order', 'b'], ['v', 'b:aliases'], ['x', 'a:summaries'], ['y', 'a:ingested']];
    await project(events.map((e, n) => inScope({ ...e, parent_event_id: undefined }, ...scopes[n])));
    for (const [n, [session]] of scopes.entries()) expect(await graph.sessionNodeIds(scope, session)).toEqual([events[n].event_id]);
    for (const agent of ['a', 'a:entities', 'b', 'b:aliases', 'a:summaries', 'a:ingested']) {
      expect(await redis.zcard(keys.of(scope).graphAgent(agent))).toBe(1);
    }
  });

  it('writes nothing when a key it would write holds another type, and projects whole once that is repaired', async () => {
    const [first, second] = session();
    await project([first]);
    await redis.set(keys.of(scope).graphAgentIngested('agent-a'), 'damaged');
    const before = await keyContents(redis, prefix);
    const { node, orderKey } = projectEvent(second);
    await expect(graph.projectEvent(scope, node, orderKey)).rejects.toThrow(/WRONGTYPE .*graphAgentIngested.*nothing written/);
    expect(await keyContents(redis, prefix)).toEqual(before);
    await redis.del(keys.of(scope).graphAgentIngested('agent-a'));
    expect(await graph.projectEvent(scope, node, orderKey)).toBe(true);
    expect(await allEdges([first, second])).toEqual(expectedEdges([first, second]));
  });

  it('takes a node without its projected mark for unfinished and projects it, rather than skipping it', async () => {
    const [first, second] = session();
    await project([first]);
    const { node, orderKey } = projectEvent(second);
    await redis.hset(keys.of(scope).node(second.event_id), 'id', second.event_id, 'node_type', 'Event'); // half a node
    expect(await graph.projectEvent(scope, node, orderKey)).toBe(true);
    expect(await graph.sessionNodeIds(scope, 's-1')).toEqual([first.event_id, second.event_id]);
    expect(await allEdges([first, second])).toEqual(expectedEdges([first, second]));
    expect(await graph.projectEvent(scope, node, orderKey)).toBe(false);
  });
});

describe('RedisGraphStore.bumpAccess', () => {
  it('counts a return at most once per interval', async () => {
    const events = session().slice(0, 2);
    await project(events);
    const ids = events.map((e) => e.event_id);
    await graph.bumpAccess(scope, ids, BASE, 3_600_000);
    await graph.bumpAccess(scope, ids, BASE + 1000, 3_600_000);
    let nodes = await graph.eventNodes(scope, ids);
    expect(nodes.map((n) => [n.access_count, n.last_accessed_ms])).toEqual([[1, BASE], [1, BASE]]);
    await graph.bumpAccess(scope, ids.slice(0, 1), BASE + 3_600_000, 3_600_000);
    nodes = await graph.eventNodes(scope, ids);
    expect(nodes.map((n) => n.access_count)).toEqual([2, 1]);
  });
});

describe('RedisGraphStore summaries', () => {
  it('reads Event and Summary nodes typed (a summary\'s JSON and numbers decoded); eventNodes stays events only', async () => {
    const events = session().slice(0, 3);
    await project(events);
    const keys = new KeySpace(prefix).of(scope);
    const summaryId = `summary:episode:${id(0)}`;
    await redis.hset(keys.node(summaryId), {
      id: summaryId, node_type: 'Summary', agent_id: 'agent-a', session_id: 's-1', level: 'episode', summary: 'steps 0 to 2',
      method: 'extractive', model: 'test', derived_from: JSON.stringify([id(0), id(1), id(2)]), occurred_ms: String(BASE + 2000),
      first_ms: String(BASE), importance_score: '6', sources_digest: 'abc', source_count: '3', created_ms: String(BASE + 5000),
      keywords: '["steps"]',
    });
    for (const event of events) {
      await redis.hset(keys.edgesOut(summaryId), `SUMMARIZES|${event.event_id}`, '{"level":"episode"}');
      await redis.hset(keys.edgesIn(event.event_id), `SUMMARIZES|${summaryId}`, '{"level":"episode"}');
    }

    const nodes = await graph.nodes(scope, [id(0), summaryId, 'summary:episode:missing', 'entity:topic:x']);
    expect(nodes.map((n) => n.node_type)).toEqual(['Event', 'Summary']);
    expect(nodes[1]).toEqual({
      id: summaryId, node_type: 'Summary', agent_id: 'agent-a', session_id: 's-1', level: 'episode', summary: 'steps 0 to 2',
      method: 'extractive', model: 'test', derived_from: [id(0), id(1), id(2)], occurred_ms: BASE + 2000, first_ms: BASE,
      importance_score: 6, sources_digest: 'abc', source_count: 3, created_ms: BASE + 5000, keywords: ['steps'],
    });
    expect((await graph.eventNodes(scope, [id(0), summaryId])).map((n) => n.id)).toEqual([id(0)]);

    const covering = await graph.summarizersOf(scope, [id(1), id(2), id(5)]);
    expect(covering).toEqual([
      { source: summaryId, target: id(1), edge_type: 'SUMMARIZES', properties: { level: 'episode' } },
      { source: summaryId, target: id(2), edge_type: 'SUMMARIZES', properties: { level: 'episode' } },
    ]);
    expect(await graph.summarizersOf(scope, [])).toEqual([]);
  });
});
