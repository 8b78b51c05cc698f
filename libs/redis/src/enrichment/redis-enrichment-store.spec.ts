import Redis from 'ioredis';
import { AgentScope, EntityNode, GraphEdge, projectEvent, StoredEvent } from '@cg/domain';
import { KeySpace } from '../keys';
import { RedisGraphStore } from '../graph/redis-graph-store';
import { RedisEntityReader } from '../graph/redis-entity-reader';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisEnrichmentStore } from './redis-enrichment-store';

const A: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-a' };
const B: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-b' };
const BASE = Date.parse('2026-11-26T12:00:00Z');
const MARIA = 'entity:person:maria-lopez';
let redis: Redis;
let prefix: string;
let store: RedisEnrichmentStore;
let graph: RedisGraphStore;
let reader: RedisEntityReader;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const maria = (scope: AgentScope, name = 'Maria Lopez'): EntityNode =>
  ({ id: MARIA, node_type: 'Entity', entity_type: 'person', name, agent_id: scope.agentId });

async function projectEvents(scope: AgentScope, count: number, first = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let n = first; n < first + count; n++) {
    const event: StoredEvent = {
      event_id: id(n), event_type: 'user.message', occurred_at: new Date(BASE + n * 1000).toISOString(),
      session_id: `s-${scope.agentId}`, agent_id: scope.agentId, trace_id: 't', payload_ref: `ref-${n}`,
      payload: { text: `message ${n}` }, global_position: `${1_700_000_000_000 + n}-0`, ingested_at: new Date(BASE).toISOString(),
    };
    const { node, orderKey } = projectEvent(event);
    await graph.projectEvent(scope, node, orderKey);
    ids.push(event.event_id);
  }
  return ids;
}

const references = (eventIds: string[], target = MARIA): GraphEdge[] =>
  eventIds.map((source) => ({ source, target, edge_type: 'REFERENCES', properties: { role: 'mention', confidence: 0.9 } }));

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  const keys = new KeySpace(prefix);
  store = new RedisEnrichmentStore(redis, keys);
  graph = new RedisGraphStore(redis, keys);
  reader = new RedisEntityReader(redis, keys);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('RedisEnrichmentStore entities', () => {
  it('creates an entity once: the first spelling wins, aliases merge sorted, repeats change nothing', async () => {
    await store.upsertEntity(A, maria(A), ['maria lopez']);
    await store.upsertEntity(A, maria(A, 'maria lopez'), ['maria lopezs', 'maria lopez']);
    const before = await keyContents(redis, prefix);
    await store.upsertEntity(A, maria(A, 'MARIA LOPEZ'), ['maria lopez', 'maria lopezs']);
    expect(await keyContents(redis, prefix)).toEqual(before);

    expect(await reader.entity(A, MARIA)).toEqual({ ...maria(A), aliases: ['maria lopez', 'maria lopezs'] });
    expect(await store.entityByAlias(A, 'maria lopezs')).toBe(MARIA);
    expect(await store.entityByAlias(A, 'nobody')).toBeNull();
    expect(await redis.smembers(new KeySpace(prefix).of(A).entities('agent-a'))).toEqual([MARIA]);
  });

  it('leaves an alias with the entity it named first', async () => {
    const other: EntityNode = { id: 'entity:person:m-lopez', node_type: 'Entity', entity_type: 'person', name: 'M. Lopez', agent_id: 'agent-a' };
    await store.upsertEntity(A, maria(A), ['maria lopez', 'lopez']);
    await store.upsertEntity(A, other, ['m lopez', 'lopez']);
    expect(await store.entityByAlias(A, 'lopez')).toBe(MARIA);
    expect((await reader.entity(A, other.id))?.aliases).toEqual(['m lopez']);
  });

  it('keeps one entity per agent scope: the same id in two scopes never mixes', async () => {
    await store.upsertEntity(A, maria(A), ['maria lopez']);
    await store.upsertEntity(B, maria(B, 'María López'), ['maría lópez']);
    expect(await reader.entity(A, MARIA)).toMatchObject({ name: 'Maria Lopez', agent_id: 'agent-a', aliases: ['maria lopez'] });
    expect(await reader.entity(B, MARIA)).toMatchObject({ name: 'María López', agent_id: 'agent-b', aliases: ['maría lópez'] });
    expect(await store.entityByAlias(B, 'maria lopez')).toBeNull();
    await expect(store.upsertEntity(A, maria(B), [])).rejects.toThrow(/agent-b/);
  });
});

describe('RedisEnrichmentStore.saveEnrichment', () => {
  it('writes derived attributes onto the Event node, idempotently', async () => {
    const [event] = await projectEvents(A, 1);
    const enrichment = { eventId: event, keywords: ['maria', 'invoice'], entities: [MARIA], embeddingModel: 'local-384', importanceScore: 7 };
    await store.saveEnrichment(A, enrichment);
    const before = await keyContents(redis, prefix);
    await store.saveEnrichment(A, enrichment);
    expect(await keyContents(redis, prefix)).toEqual(before);
    const [node] = await graph.eventNodes(A, [event]);
    expect(node).toMatchObject({ keywords: ['maria', 'invoice'], entities: [MARIA], embedding_model: 'local-384', importance_score: 7, text: 'message 0' });
  });

  it('never creates a partial node, nor writes onto another agent scope\'s event', async () => {
    const [event] = await projectEvents(A, 1);
    const before = await keyContents(redis, prefix);
    const enrichment = { keywords: ['x'], entities: [], embeddingModel: 'm', importanceScore: 9 };
    await store.saveEnrichment(A, { ...enrichment, eventId: id(99) });
    await store.saveEnrichment(B, { ...enrichment, eventId: event });
    expect(await keyContents(redis, prefix)).toEqual(before);
  });
});

describe('RedisEnrichmentStore.addEdges', () => {
  it('stores REFERENCES, SIMILAR_TO and SAME_AS edges where every reader finds them, never doubled', async () => {
    const events = await projectEvents(A, 2);
    const alias = 'entity:person:maria';
    await store.upsertEntity(A, maria(A), []);
    const edges: GraphEdge[] = [
      ...references(events),
      { source: events[1], target: events[0], edge_type: 'SIMILAR_TO', properties: { score: 0.91 } },
      { source: alias, target: MARIA, edge_type: 'SAME_AS', properties: { confidence: 0.88 } },
    ];
    await store.addEdges(A, edges);
    const before = await keyContents(redis, prefix);
    await store.addEdges(A, edges);
    expect(await keyContents(redis, prefix)).toEqual(before);

    const k = new KeySpace(prefix).of(A);
    expect(await redis.hgetall(k.entityEdgesIn('agent-a', MARIA))).toEqual({
      [`REFERENCES|${events[0]}`]: '{"role":"mention","confidence":0.9}',
      [`REFERENCES|${events[1]}`]: '{"role":"mention","confidence":0.9}',
      [`SAME_AS|${alias}`]: '{"confidence":0.88}',
    });
    expect(await redis.hgetall(k.entityEdgesOut('agent-a', alias))).toEqual({ [`SAME_AS|${MARIA}`]: '{"confidence":0.88}' });
    const eventEdges = await graph.edgesOf(A, [events[1]]);
    expect(eventEdges).toEqual(expect.arrayContaining([
      { source: events[1], target: MARIA, edge_type: 'REFERENCES', properties: { role: 'mention', confidence: 0.9 } },
      { source: events[1], target: events[0], edge_type: 'SIMILAR_TO', properties: { score: 0.91 } },
    ]));
  });
});

describe('RedisEntityReader.referencingEvents', () => {
  it('pages the referencing events newest first, with their REFERENCES edges, none twice', async () => {
    const events = await projectEvents(A, 7);
    await store.upsertEntity(A, maria(A), []);
    await store.addEdges(A, references([...events].reverse()));
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await reader.referencingEvents(A, MARIA, 3, cursor);
      pages.push(page);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.events.map((e) => e.id))).toEqual([events.slice(4).reverse(), events.slice(1, 4).reverse(), [events[0]]]);
    expect(pages.map((p) => p.offset)).toEqual([0, 3, 6]);
    expect(pages.every((p) => p.total === 7)).toBe(true);
    expect(pages[0].edges).toEqual(references(pages[0].events.map((e) => e.id)));
  });

  it('keeps a page in place when newer references arrive, and refuses a cursor it did not issue', async () => {
    const events = await projectEvents(A, 4);
    await store.upsertEntity(A, maria(A), []);
    await store.addEdges(A, references(events));
    const first = await reader.referencingEvents(A, MARIA, 2);
    await store.addEdges(A, references(await projectEvents(A, 1, 10)));
    const second = await reader.referencingEvents(A, MARIA, 2, first.next as string);
    expect(second.events.map((e) => e.id)).toEqual([events[1], events[0]]);
    await expect(reader.referencingEvents(A, MARIA, 2, 'bm90LWEtY3Vyc29y')).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('reads only its own agent scope', async () => {
    const inA = await projectEvents(A, 2);
    const inB = await projectEvents(B, 2, 20);
    await store.upsertEntity(A, maria(A), []);
    await store.upsertEntity(B, maria(B), []);
    await store.addEdges(A, references(inA));
    await store.addEdges(B, references(inB));
    // An edge naming another scope's event is not written: it would resolve MARIA under that event's scope.
    await store.addEdges(A, [{ source: inB[0], target: MARIA, edge_type: 'REFERENCES', properties: { role: 'foreign', confidence: 1 } }]);
    expect((await graph.edgesOf(B, [inB[0]])).filter((e) => e.edge_type === 'REFERENCES')).toEqual(references([inB[0]]));
    expect((await reader.referencingEvents(A, MARIA, 10)).events.map((e) => e.id)).toEqual([...inA].reverse());
    expect((await reader.referencingEvents(B, MARIA, 10)).events.map((e) => e.id)).toEqual([...inB].reverse());
    expect(await reader.entity({ ...A, agentId: 'agent-c' }, MARIA)).toBeNull();
  });
});

describe('RedisGraphStore.scopedEdgesOf on an entity hub', () => {
  it('reads all incoming edges up to the cap, and only the newest REFERENCES beyond it', async () => {
    const capped = new RedisGraphStore(redis, new KeySpace(prefix), { hubEdgeCap: 5 });
    const ids = await projectEvents(A, 8);
    await store.upsertEntity(A, maria(A), ['maria lopez']);
    const sameAs: GraphEdge = { source: 'entity:person:m-lopez', target: MARIA, edge_type: 'SAME_AS', properties: { confidence: 0.95 } };
    const outgoing: GraphEdge = { source: MARIA, target: 'entity:organization:acme', edge_type: 'RELATED_TO', properties: {} };
    await store.addEdges(A, [...references(ids.slice(0, 4)), sameAs, outgoing]);
    const edgesOfMaria = async () => (await capped.scopedEdgesOf(A, [MARIA])).map((e) => `${e.edge_type} ${e.source}`).sort();

    expect(await edgesOfMaria()).toEqual([
      ...ids.slice(0, 4).map((e) => `REFERENCES ${e}`), `RELATED_TO ${MARIA}`, 'SAME_AS entity:person:m-lopez',
    ].sort());

    await store.addEdges(A, references(ids.slice(4)));
    expect(await edgesOfMaria()).toEqual([...ids.slice(3).map((e) => `REFERENCES ${e}`), `RELATED_TO ${MARIA}`].sort());
    expect((await graph.scopedEdgesOf(A, [MARIA, ids[0]])).filter((e) => e.edge_type === 'REFERENCES')).toHaveLength(9);
  });
});
