import Redis from 'ioredis';
import { AgentScope, ENRICHED_STREAM, eventSource, planSummary, StoredSummary, SummaryNode, summaryNode } from '@cg/domain';
import { deleteKeysWithPrefix, keyContents, RedisEnrichmentStore, RedisGraphStore, RedisScopeLock, RedisSummaryStore, testRedisUrl } from '@cg/redis';
import { BASE, id, SCOPE, seededScope } from '../test/support/seeded-scope';

const AGENT: AgentScope = { ...SCOPE, agentId: 'agent-a' };
const TEXTS = [
  'The deployment to production failed because the database migration timed out.',
  'Deployment to production failed since the database migration timed out',
  'Maria Lopez approved the budget for Acme Corp.',
];
const SUMMARY_TEXT = 'Quarterly reconciliation stalled: Maria Lopez asked Acme Corp about the zebra ledger.';
const REWRITTEN_TEXT = 'The okapi audit moved to Berlin after the deployment failed.';

// Issue 5: consolidation enqueues each Summary it writes on stream:projected; Stage 2 enriches it from its text.
describe('EnrichEventsUseCase on Summary nodes (Redis adapters, local embedder)', () => {
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  /** A fresh key space: three events projected and enriched, an episode summary over them written through the summary store. */
  async function seeded() {
    const { prefix, keys, graph, vectors, lexical, useCase } = await seededScope(redis, TEXTS, prefixes);
    await useCase.execute(SCOPE, TEXTS.map((_, n) => id(n)));
    const summaries = new RedisSummaryStore(redis, keys);
    const lease = (await new RedisScopeLock(redis, keys).acquire(AGENT, 'consolidation', 60_000))!;
    const events = await graph.eventNodes(SCOPE, TEXTS.map((_, n) => id(n)));
    const write = async (text: string): Promise<SummaryNode> => {
      // A new text comes with new sources (that is what changes a digest): the rewrite covers one event fewer.
      const covered = text === SUMMARY_TEXT ? events : events.slice(0, 2);
      const plan = planSummary({ level: 'episode', scopeId: id(0), agentId: 'agent-a', sessionId: 's-1', sources: covered.map(eventSource) });
      const node = summaryNode(plan, { text, method: 'extractive', model: 'test-v1' }, BASE + 60_000);
      expect(await summaries.write(AGENT, node, covered.map((e) => e.id), lease)).toBe('written');
      return node;
    };
    const summary = await write(SUMMARY_TEXT);
    return { prefix, keys, graph, vectors, lexical, useCase, summary, write };
  }

  const stored = async (graph: RedisGraphStore, summaryId: string) => (await graph.nodes(SCOPE, [summaryId]))[0] as StoredSummary;

  it('gives a summary keywords, entities with REFERENCES, a vector and a lexical document — not importance, not SIMILAR_TO — and hands it on', async () => {
    const { keys, graph, vectors, lexical, useCase, summary } = await seeded();
    const k = keys.of(SCOPE);
    const enrichedBefore = await redis.xlen(k.stream(ENRICHED_STREAM));

    const result = await useCase.execute(SCOPE, [summary.id, 'summary:episode:never-written']);
    expect(result).toEqual({ enriched: [summary.id], missing: ['summary:episode:never-written'] });
    const entries = await redis.xrange(k.stream(ENRICHED_STREAM), '-', '+');
    expect(entries.slice(enrichedBefore).map(([, fields]) => fields)).toEqual([['event_id', summary.id]]);

    const node = await stored(graph, summary.id);
    expect(node).toMatchObject({
      node_type: 'Summary', summary: SUMMARY_TEXT, embedding_model: 'local-hash-384-v1',
      keywords: expect.arrayContaining(['zebra ledger']),
      entities: expect.arrayContaining(['entity:person:maria-lopez', 'entity:organization:acme-corp']),
      // Consolidation's importance (its most important source's), untouched by Stage 2's rules.
      importance_score: summary.importance_score, derived_from: summary.derived_from,
    });
    expect(node).not.toHaveProperty('importance_base');

    // REFERENCES Summary → Entity, on both ends, resolved to the entities the events named; the
    // entity's read index (GET /v1/entities) still lists events only.
    const refs = (await graph.scopedEdgesOf(AGENT, [summary.id])).filter((e) => e.edge_type === 'REFERENCES').map((e) => e.target).sort();
    expect(refs).toEqual(expect.arrayContaining(['entity:organization:acme-corp', 'entity:person:maria-lopez']));
    expect(refs.sort()).toEqual([...(await stored(graph, summary.id)).entities!].sort());
    expect(await redis.hget(k.entityEdgesIn('agent-a', 'entity:person:maria-lopez'), `REFERENCES|${summary.id}`)).not.toBeNull();
    expect((await redis.zrange(k.entityReferences('agent-a', 'entity:person:maria-lopez'), 0, -1)).some((m) => m.includes('summary:'))).toBe(false);

    // Same model's vector index as events, and the lexical index: a word only the summary says finds it.
    expect((await vectors.vectorsOf(AGENT, 'local-hash-384-v1', [summary.id])).get(summary.id)).toHaveLength(384);
    expect((await lexical.search(AGENT, ['zebra'], 5)).map((h) => h.id)).toEqual([summary.id]);

    // SIMILAR_TO stays between events, though the summary resembles them.
    const all = await graph.edgesOf(SCOPE, [summary.id, ...TEXTS.map((_, n) => id(n))]);
    expect(all.filter((e) => e.edge_type === 'SIMILAR_TO' && (e.source === summary.id || e.target === summary.id))).toEqual([]);
    expect(all).toContainEqual(expect.objectContaining({ edge_type: 'SIMILAR_TO', source: id(1), target: id(0) }));
  });

  it('is idempotent: a redelivered summary id changes no key', async () => {
    const { prefix, useCase, summary } = await seeded();
    await useCase.execute(SCOPE, [summary.id]);
    const streams = (name: string) => /:stream:/.test(name);
    const state = async () => Object.fromEntries(Object.entries(await keyContents(redis, prefix)).filter(([name]) => !streams(name)));
    const first = await state();
    await useCase.execute(SCOPE, [summary.id]);
    expect(await state()).toEqual(first);
  });

  it('re-enriches a rewritten summary from its new text: old REFERENCES, keywords and terms replaced', async () => {
    const { keys, graph, lexical, useCase, summary, write } = await seeded();
    await useCase.execute(SCOPE, [summary.id]);
    const rewritten = await write(REWRITTEN_TEXT);
    expect(rewritten.sources_digest).not.toBe(summary.sources_digest);
    await useCase.execute(SCOPE, [summary.id]);

    const node = await stored(graph, summary.id);
    expect(node).toMatchObject({ summary: REWRITTEN_TEXT, keywords: expect.arrayContaining(['okapi audit']) });
    expect(node.keywords).not.toContain('zebra ledger');
    const refs = (await graph.scopedEdgesOf(AGENT, [summary.id])).filter((e) => e.edge_type === 'REFERENCES').map((e) => e.target);
    expect(refs).toContain('entity:place:berlin');
    expect(refs.filter((r) => /maria-lopez|acme-corp|zebra/.test(r))).toEqual([]);
    expect(await redis.hget(keys.of(SCOPE).entityEdgesIn('agent-a', 'entity:person:maria-lopez'), `REFERENCES|${summary.id}`)).toBeNull();
    expect(await lexical.search(AGENT, ['zebra'], 5)).toEqual([]);
    expect((await lexical.search(AGENT, ['okapi'], 5)).map((h) => h.id)).toEqual([summary.id]);
  });

  it('writes nothing for a summary rewritten after it was read (the rewrite is enqueued again)', async () => {
    const { keys, summary, write } = await seeded();
    const store = new RedisEnrichmentStore(redis, keys);
    await write(REWRITTEN_TEXT);
    const saved = await store.saveSummaryEnrichment(AGENT, {
      summaryId: summary.id, digest: summary.sources_digest, keywords: ['zebra ledger'], entities: ['entity:person:maria-lopez'],
      references: { role: 'mention', confidence: 0.8 }, embeddingModel: 'local-hash-384-v1',
    });
    expect(saved).toBe(false);
    expect(await redis.hget(keys.of(SCOPE).node(summary.id), 'keywords')).toBeNull();
    expect(await redis.hgetall(keys.of(SCOPE).edgesOut(summary.id))).not.toHaveProperty('REFERENCES|entity:person:maria-lopez');
    // Nor for another agent scope's summary.
    expect(await store.saveSummaryEnrichment({ ...AGENT, agentId: 'agent-b' }, {
      summaryId: summary.id, digest: (await redis.hget(keys.of(SCOPE).node(summary.id), 'sources_digest'))!, keywords: [], entities: [],
      references: {}, embeddingModel: 'm',
    })).toBe(false);
  });
});
