import Redis from 'ioredis';
import { ENRICHED_STREAM } from '@cg/domain';
import { deleteKeysWithPrefix, keyContents, testRedisUrl } from '@cg/redis';
import { id, SCOPE, seededScope } from '../test/support/seeded-scope';

const TEXTS = [
  'The deployment to production failed because the database migration timed out.',
  'Maria Lopez approved the budget for Acme Corp.',
  'Deployment to production failed since the database migration timed out',
  "Maria Lopez's team shipped the release in Berlin.",
];

describe('EnrichEventsUseCase (Redis adapters, local embedder)', () => {
  let redis: Redis;
  const prefixes: string[] = [];

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  /** A fresh key space with the four events ingested and projected, and a use case on it. */
  const seeded = () => seededScope(redis, TEXTS, prefixes);

  /** What enrichment wrote under a prefix (entities, edges, indexes, derived node fields), the prefix cut off. */
  async function dump(prefix: string): Promise<Record<string, unknown>> {
    const all = await keyContents(redis, prefix);
    const written = Object.entries(all).filter(([name]) => /:(graph:(agent|out|in|node):|vec:|lex:)/.test(name));
    // Event nodes also hold the ledger position, which differs between two ingests: keep Stage 2's fields.
    const stage2 = new Set(['keywords', 'entities', 'embedding_model', 'importance_score']);
    return Object.fromEntries(written.map(([name, value]) => [
      name, name.includes(':graph:node:') ? (value as [string, string][]).filter(([field]) => stage2.has(field)) : value,
    ]));
  }

  it('derives keywords, entities, importance and edges, and hands the ids on', async () => {
    const { keys, graph, useCase } = await seeded();
    const result = await useCase.execute(SCOPE, TEXTS.map((_, n) => id(n)).concat(id(9)));
    expect(result).toEqual({ enriched: TEXTS.map((_, n) => id(n)), missing: [id(9)] });

    const [failed, approved] = await graph.eventNodes(SCOPE, [id(0), id(1)]);
    expect(approved.entities).toEqual(['entity:person:maria-lopez', 'entity:organization:acme-corp']);
    expect(approved).toMatchObject({ embedding_model: 'local-hash-384-v1', keywords: expect.arrayContaining(['budget']) });
    expect(failed.importance_score).toBeGreaterThan(approved.importance_score - 3);
    const edges = (await graph.edgesOf(SCOPE, [id(2), id(3)])).map((e) => `${e.edge_type} ${e.source}->${e.target}`);
    expect(edges).toEqual(expect.arrayContaining([`SIMILAR_TO ${id(2)}->${id(0)}`, `REFERENCES ${id(3)}->entity:person:maria-lopez`]));
    expect(await redis.xlen(keys.of(SCOPE).stream(ENRICHED_STREAM))).toBe(4);
  });

  it('is idempotent and order-independent: again, or one event at a time in reverse, the same graph and indexes', async () => {
    const all = TEXTS.map((_, n) => id(n));
    const once = await seeded();
    await once.useCase.execute(SCOPE, all);
    const first = await dump(once.prefix);
    await once.useCase.execute(SCOPE, all);
    expect(await dump(once.prefix)).toEqual(first);

    const reversed = await seeded();
    for (const eventId of [...all].reverse()) await reversed.useCase.execute(SCOPE, [eventId]);
    expect(await dump(reversed.prefix)).toEqual(first);
  });
});
