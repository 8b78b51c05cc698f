import type Redis from 'ioredis';
import { AgentScope, AtlasNode, EntityNode, partitionOf, projectEvent, StoredEvent } from '@cg/domain';
import { KeySpace, RedisEnrichmentStore, RedisGraphStore, uniqueTestPrefix } from '@cg/redis';
import { aSession, EventBody } from './support/events';
import { fieldsOf, get, post } from './support/http';
import { cleanUp, startApi, testRedis, TestApi } from './support/harness';

// No projection or enrichment app runs here: the test projects the stored events and adds the
// entity and its REFERENCES edges itself, through the same Redis adapters those stages use.
const prefix = uniqueTestPrefix();
const PARTITIONS = 3;
const A = { authorization: 'Bearer key-of-a' };
const B = { authorization: 'Bearer key-of-b' };
const MARIA = 'entity:person:maria-lopez';
let api: TestApi;
let redis: Redis;
let keys: KeySpace;
let events: EventBody[];
let positions: Map<string, string>;

const scopeOf = (tenant: string, agentId: string): AgentScope => ({ tenant, partition: partitionOf(agentId, PARTITIONS), agentId });
const maria = (agentId: string): EntityNode => ({ id: MARIA, node_type: 'Entity', entity_type: 'person', name: 'Maria Lopez', agent_id: agentId });

/** Ingests events through the API, projects them, and has each reference the entity. */
async function seed(headers: Record<string, string>, tenant: string, batch: EventBody[]): Promise<Map<string, string>> {
  const answer = await post(`${api.url}/v1/events/batch`, { events: batch }, headers);
  expect(answer.body.accepted).toBe(batch.length);
  const scope = scopeOf(tenant, batch[0].agent_id);
  const graph = new RedisGraphStore(redis, keys);
  const store = new RedisEnrichmentStore(redis, keys);
  for (const event of batch) {
    const stored = (await get<StoredEvent>(`${api.url}/v1/events/${event.event_id}`, headers)).body;
    const { node, orderKey } = projectEvent(stored);
    await graph.projectEvent(scope, node, orderKey);
  }
  await store.upsertEntity(scope, maria(scope.agentId), ['maria lopez', 'maria lopezs']);
  await store.addEdges(scope, batch.map((e) => ({ source: e.event_id, target: MARIA, edge_type: 'REFERENCES', properties: { role: 'mention', confidence: 0.9 } })));
  await store.saveEnrichment(scope, { eventId: batch[0].event_id, keywords: ['maria', 'invoice'], entities: [MARIA], embeddingModel: 'local-384', importanceScore: 8 });
  return new Map(answer.body.results.map((r: { event_id: string; global_position: string }) => [r.event_id, r.global_position]));
}

beforeAll(async () => {
  redis = await testRedis();
  keys = new KeySpace(prefix);
  api = await startApi(prefix, { API_KEYS: 'key-of-a:tenant_a,key-of-b:tenant_b', PARTITIONS: String(PARTITIONS) });
  events = aSession(5, 'session-maria', { agent_id: 'agent-1' });
  positions = await seed(A, 'tenant_a', events);
});

afterAll(async () => {
  await api.close();
  await cleanUp(redis, prefix);
});

const entity = (query: string, headers: Record<string, string> = A, id = MARIA) => get(`${api.url}/v1/entities/${encodeURIComponent(id)}?${query}`, headers);
const newestFirst = () => [...events].reverse().map((e) => e.event_id);

describe('GET /v1/entities/:entity_id', () => {
  it('returns the entity and the events referencing it, newest first, with provenance and edges', async () => {
    const answer = await entity('agent_id=agent-1');
    expect(answer.status).toBe(200);
    const nodes = Object.entries<AtlasNode>(answer.body.nodes);
    expect(nodes.map(([id]) => id)).toEqual([MARIA, ...newestFirst()]);
    expect(nodes.map(([, n]) => n.rank)).toEqual([1, 2, 3, 4, 5, 6]);

    const newest = events[4];
    expect(answer.body.nodes[MARIA]).toMatchObject({
      node_type: 'Entity',
      retrieval_reason: 'direct',
      attributes: { entity_type: 'person', name: 'Maria Lopez', aliases: ['maria lopez', 'maria lopezs'] },
      provenance: {
        event_id: newest.event_id, global_position: positions.get(newest.event_id), source: 'redis', occurred_at: newest.occurred_at,
        session_id: 'session-maria', agent_id: 'agent-1', trace_id: newest.trace_id, derived_from: newestFirst(),
      },
    });
    expect(answer.body.nodes[events[0].event_id]).toMatchObject({
      node_type: 'Event',
      attributes: { event_type: events[0].event_type, text: 'step 0', keywords: ['maria', 'invoice'], entities: [MARIA], embedding_model: 'local-384' },
      provenance: { event_id: events[0].event_id, global_position: positions.get(events[0].event_id), agent_id: 'agent-1' },
      scores: { importance_score: 8 },
    });
    expect(answer.body.edges).toEqual(newestFirst().map((source) => ({ source, target: MARIA, edge_type: 'REFERENCES', properties: { role: 'mention', confidence: 0.9 } })));
    expect(answer.body.pagination).toEqual({ cursor: null, has_more: false });
    expect(answer.body.meta).toMatchObject({ nodes_returned: 6, truncated: false, capacity: { max_nodes: 51, used_nodes: 6, max_depth: 1 }, total_references: 5 });
  });

  it('pages the referencing events: each once, ranks continuing, the entity on every page', async () => {
    const seen: string[] = [];
    const ranks: number[] = [];
    let cursor: string | null = null;
    do {
      const answer = await entity(`agent_id=agent-1&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(answer.status).toBe(200);
      const page = Object.entries<AtlasNode>(answer.body.nodes).filter(([id]) => id !== MARIA);
      expect(answer.body.nodes[MARIA].provenance.derived_from).toEqual(page.map(([id]) => id));
      expect(answer.body.edges.map((e: { source: string }) => e.source)).toEqual(page.map(([id]) => id));
      seen.push(...page.map(([id]) => id));
      ranks.push(...page.map(([, n]) => n.rank));
      cursor = answer.body.pagination.cursor;
      expect(answer.body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(newestFirst());
    expect(ranks).toEqual([2, 3, 4, 5, 6]);
  });

  it('answers 404 for an unknown entity, another agent scope\'s, or another tenant\'s', async () => {
    const other = aSession(2, 'session-other-agent', { agent_id: 'agent-2' });
    await post(`${api.url}/v1/events/batch`, { events: other }, A);
    expect((await entity('agent_id=agent-1', A, 'entity:person:nobody')).status).toBe(404);
    const foreignAgent = await entity('agent_id=agent-2');
    expect(foreignAgent.status).toBe(404);
    expect(foreignAgent.body.error.code).toBe('not_found');
    expect((await entity('agent_id=agent-1', B)).status).toBe(404);
  });

  it('keeps tenants and agent scopes apart when each has the same entity', async () => {
    const inB = aSession(2, 'session-maria', { agent_id: 'agent-1' });
    await seed(B, 'tenant_b', inB);
    const answerB = await entity('agent_id=agent-1', B);
    expect(Object.keys(answerB.body.nodes)).toEqual([MARIA, inB[1].event_id, inB[0].event_id]);
    const answerA = await entity('agent_id=agent-1');
    expect(Object.keys(answerA.body.nodes)).toEqual([MARIA, ...newestFirst()]);
  });

  it.each([
    ['', MARIA, ['agent_id']],
    ['agent_id=has%20space', MARIA, ['agent_id']],
    ['agent_id=agent-1&limit=0', MARIA, ['limit']],
    ['agent_id=agent-1&limit=501', MARIA, ['limit']],
    ['agent_id=agent-1&limit=1.5', MARIA, ['limit']],
    ['agent_id=agent-1&max_nodes=5', MARIA, ['max_nodes']],
    ['agent_id=agent-1', 'person:maria-lopez', ['entity_id']],
    ['agent_id=agent-1', 'entity:Person:maria-lopez', ['entity_id']],
    ['agent_id=agent-1', 'entity:person:Maria Lopez', ['entity_id']],
    ['agent_id=agent-1', 'entity:person:', ['entity_id']],
    ['agent_id=agent-1', 'entity:person:maria--lopez', ['entity_id']],
  ])('refuses ?%s on %s with 422 naming the fields', async (query, id, fields) => {
    const answer = await entity(query, A, id);
    expect(answer.status).toBe(422);
    expect(fieldsOf(answer).sort()).toEqual([...fields].sort());
  });

  it('accepts the limit bounds and an entity name in any script', async () => {
    expect((await entity('agent_id=agent-1&limit=1')).status).toBe(200);
    expect((await entity('agent_id=agent-1&limit=500')).status).toBe(200);
    expect((await entity('agent_id=agent-1', A, 'entity:person:maría-lópez-2')).status).toBe(404);
  });

  it('refuses a cursor it did not issue with 422', async () => {
    const answer = await entity('agent_id=agent-1&cursor=not-a-cursor');
    expect(answer.status).toBe(422);
    expect(fieldsOf(answer)).toEqual(['cursor']);
  });

  it('requires an API key like every /v1 route', async () => {
    expect((await entity('agent_id=agent-1', {})).status).toBe(401);
  });
});
