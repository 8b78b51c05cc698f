import Redis from 'ioredis';
import { AgentScope, forgetScope, GraphEdge, projectEvent, StoredEvent } from '@cg/domain';
import { KeySpace } from '../keys';
import { RedisEnrichmentStore } from '../enrichment/redis-enrichment-store';
import { RedisLexicalIndex } from '../indexes/redis-lexical-index';
import { RedisVectorIndex } from '../indexes/redis-vector-index';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisForgettingStore } from './redis-forgetting-store';
import { RedisGraphStore } from './redis-graph-store';

const A: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-a' };
const BASE = Date.parse('2026-10-01T12:00:00Z');
/** The session happened two years before it was imported: forgetting must age it from BASE (ingestion), not from then. */
const OCCURRED = Date.parse('2024-10-01T12:00:00Z');
const MARIA = 'entity:person:maria-lopez';
const MODEL = 'test-model';
let redis: Redis;
let prefix: string;
let keys: KeySpace;
let graph: RedisGraphStore;
let store: RedisEnrichmentStore;
let vectors: RedisVectorIndex;
let lexical: RedisLexicalIndex;
let forgetting: RedisForgettingStore;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const vector = (n: number) => Float32Array.from({ length: 8 }, (_, i) => (i === n % 8 ? 1 : 0.1));

/** Events 0–4 a minute apart, ingested a minute apart; 3 caused by 2. */
async function projectSession(): Promise<void> {
  for (let n = 0; n < 5; n++) {
    const event: StoredEvent = {
      event_id: id(n), event_type: 'user.message', occurred_at: new Date(OCCURRED + n * 60_000).toISOString(), session_id: 's-1',
      agent_id: 'agent-a', trace_id: 't', payload_ref: `ref-${n}`, payload: { text: `message ${n}` },
      ...(n === 3 ? { parent_event_id: id(2) } : {}), global_position: `${1_700_000_000_000 + n}-0`, ingested_at: new Date(BASE + n * 60_000).toISOString(),
    };
    const { node, orderKey } = projectEvent(event);
    await graph.projectEvent(A, node, orderKey);
  }
}

async function enrich(n: number): Promise<void> {
  await store.saveEnrichment(A, { eventId: id(n), keywords: ['message'], entities: [MARIA], embeddingModel: MODEL, importanceScore: 3 });
  await vectors.add(A, MODEL, id(n), vector(n));
  await lexical.add(A, id(n), ['message', `word${n}`]);
}

const refs = (source: number): GraphEdge => ({ source: id(source), target: MARIA, edge_type: 'REFERENCES', properties: { role: 'mention', confidence: 0.8 } });
const similar = (newer: number, older: number, score: number): GraphEdge =>
  ({ source: id(newer), target: id(older), edge_type: 'SIMILAR_TO', properties: { score } });

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(async () => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  graph = new RedisGraphStore(redis, keys);
  store = new RedisEnrichmentStore(redis, keys);
  vectors = new RedisVectorIndex(redis, keys);
  lexical = new RedisLexicalIndex(redis, keys);
  forgetting = new RedisForgettingStore(redis, keys, vectors, lexical);
  await projectSession();
  await store.upsertEntity(A, { id: MARIA, node_type: 'Entity', entity_type: 'person', name: 'Maria Lopez', agent_id: 'agent-a' }, ['maria lopez']);
  for (let n = 0; n < 5; n++) await enrich(n);
  await store.addEdges(A, [refs(0), refs(1), refs(4), similar(1, 0, 0.65), similar(4, 1, 0.9)]);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('RedisForgettingStore', () => {
  it('reads aged events first ingested first with their causal and similarity edges', async () => {
    const aged = await forgetting.agedEvents(A, BASE + 4 * 60_000, 0, 10);
    expect(aged.map((e) => e.id)).toEqual([id(0), id(1), id(2), id(3)]);
    expect(aged[1]).toEqual({
      id: id(1), ingestedMs: BASE + 60_000, importance: 3, accessCount: 0, onCausalChain: false, summarized: false,
      similar: [{ other: id(0), score: 0.65, otherIngestedMs: BASE }],
    });
    expect(aged.filter((e) => e.onCausalChain).map((e) => e.id)).toEqual([id(2)]); // 3 is CAUSED_BY 2
    expect((await forgetting.agedEvents(A, BASE + 4 * 60_000, 3, 10)).map((e) => e.id)).toEqual([id(3)]);
  });

  it('drops SIMILAR_TO edges on both ends', async () => {
    expect(await forgetting.dropSimilarEdges(A, [[id(1), id(0)]])).toBe(1);
    const [, one] = await forgetting.agedEvents(A, BASE + 2 * 60_000, 0, 10);
    expect(one.similar).toEqual([]);
    expect((await graph.edgesOf(A, [id(1)])).filter((e) => e.edge_type === 'SIMILAR_TO')).toEqual([similar(4, 1, 0.9)]);
  });

  it('prunes a node with every trace of it, relinking its session around it', async () => {
    expect(await forgetting.pruneEvents(A, [id(1), 'not-a-node'])).toEqual([id(1)]);
    const dump = JSON.stringify(await keyContents(redis, prefix));
    expect(dump).not.toContain(id(1));
    const edges = await graph.edgesOf(A, [id(2)]);
    expect(edges).toContainEqual({ source: id(2), target: id(0), edge_type: 'FOLLOWS', properties: { delta_ms: 120_000 } });
    expect(await redis.zrange(keys.of(A).graphAgentIngested('agent-a'), 0, -1)).not.toContain(id(1));
    expect((await graph.scopedEdgesOf(A, [MARIA])).map((e) => e.source).sort()).toEqual([id(0), id(4)]);
    expect(await lexical.search(A, ['word1'], 5)).toEqual([]);
    expect(await vectors.nearest(A, MODEL, vector(1), 5, 0.99)).toEqual([]);
    expect(await forgetting.pruneEvents(A, [id(1)])).toEqual([]);
  });

  it('keeps a cause protected once its effect is pruned', async () => {
    expect(await forgetting.pruneEvents(A, [id(3)])).toEqual([id(3)]);
    const aged = await forgetting.agedEvents(A, BASE + 4 * 60_000, 0, 10);
    expect(aged.filter((e) => e.onCausalChain).map((e) => e.id)).toEqual([id(2)]);
  });

  it('ages by ingestion: a session that occurred two years ago but was just imported keeps everything', async () => {
    for (const n of [0, 1, 2, 3, 4]) await redis.hset(keys.of(A).edgesIn(id(n)), 'SUMMARIZES|summary:session:s-1', '{"level":"session"}');
    const report = await forgetScope(forgetting, A, BASE + 60 * 60_000);
    expect(report).toEqual({ pruned: { cold: 0, archive: 0 }, similarDropped: 0, awaitingSummary: 0, protectedByCausalChain: 0 });
    expect(await graph.sessionNodeIds(A, 's-1')).toEqual([0, 1, 2, 3, 4].map(id));
  });

  it('forgets a scope tier by tier: summarized detail goes, causes (CAUSED_BY in-degree) and unsummarized nodes stay', async () => {
    const summarize = (n: number) => redis.hset(keys.of(A).edgesIn(id(n)), 'SUMMARIZES|summary:session:s-1', '{"level":"session"}');
    for (const n of [0, 1, 2]) await summarize(n);
    await redis.hset(keys.of(A).node(id(0)), 'importance_score', 8);
    const day = 86_400_000;

    const warm = await forgetScope(forgetting, A, BASE + 3 * day);
    expect(warm).toEqual({ pruned: { cold: 0, archive: 0 }, similarDropped: 1, awaitingSummary: 0, protectedByCausalChain: 0 });

    const cold = await forgetScope(forgetting, A, BASE + 10 * day, undefined, 2);
    expect(cold).toEqual({ pruned: { cold: 1, archive: 0 }, similarDropped: 0, awaitingSummary: 2, protectedByCausalChain: 1 });
    expect(await graph.sessionNodeIds(A, 's-1')).toEqual([id(0), id(2), id(3), id(4)]);

    const archive = await forgetScope(forgetting, A, BASE + 40 * day);
    expect(archive).toEqual({ pruned: { cold: 0, archive: 1 }, similarDropped: 0, awaitingSummary: 2, protectedByCausalChain: 1 });
    expect(await graph.sessionNodeIds(A, 's-1')).toEqual([id(2), id(3), id(4)]);
  });
});
