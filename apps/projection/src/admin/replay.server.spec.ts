import Redis from 'ioredis';
import { LedgerEvent, PartitionRef, PROJECTED_STREAM } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import {
  deleteKeysWithPrefix, keyContents, KeySpace, PartitionKeys, RedisEventLedger, RedisGraphStore, RedisImportanceFeedback, RedisReplayStore, StageStreamWriter,
  testRedisUrl, uniqueTestPrefix,
} from '@cg/redis';
import { ProjectEventsUseCase } from '../project-events.use-case';
import { ReplayTenant } from './replay.server';

const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
const BASE = Date.parse('2026-11-26T12:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number): LedgerEvent => ({
  event_id: id(n), event_type: 'tool.execute', occurred_at: new Date(BASE + n * 1000).toISOString(),
  session_id: 's-1', agent_id: 'agent-a', trace_id: 't-1', payload_ref: `ref-${n}`, payload: { text: `step ${n}` },
  ...(n > 1 ? { parent_event_id: id(n - 1) } : {}),
});

let redis: Redis;
let prefix: string;
let keys: KeySpace;
let k: PartitionKeys;
let replay: ReplayTenant;
let project: ProjectEventsUseCase;

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(async () => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  k = keys.of(SCOPE);
  const ledger = new RedisEventLedger(redis, keys, 1);
  project = new ProjectEventsUseCase(ledger, new RedisGraphStore(redis, keys), new StageStreamWriter(redis, keys), new RedisImportanceFeedback(redis, keys));
  replay = new ReplayTenant(new RedisReplayStore(redis, keys), project, new StageStreamWriter(redis, keys), new JsonLogger('test', 'error'), 2);
  // Ledger positions 3, 1, 2 while the dedup index (by ingested_at) lists 1, 2, 3: replay goes by position.
  for (const n of [3, 1, 2]) await ledger.append('default', [event(n)], BASE + n);
  await project.execute(SCOPE, [id(1), id(2), id(3)]);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

/** A Summary node as consolidation writes it: node, SUMMARIZES edges both ways, the scope's summary index. */
async function summary(summaryId: string, level: string, sources: string[], derived: string[], score: number): Promise<void> {
  await redis.hset(k.node(summaryId), { id: summaryId, node_type: 'Summary', agent_id: 'agent-a', level, derived_from: JSON.stringify(derived), summary: 'text' });
  for (const source of sources) {
    await redis.hset(k.edgesOut(summaryId), `SUMMARIZES|${source}`, JSON.stringify({ level }));
    await redis.hset(k.edgesIn(source), `SUMMARIZES|${summaryId}`, JSON.stringify({ level }));
  }
  await redis.hset(k.edgesOut(summaryId), 'REFERENCES|entity:place:lisbon', '{}');
  await redis.zadd(k.summaryIndex('agent-a'), score, summaryId);
}

it('rebuilds the graph from the ledger in position order: the same graph, the ids handed on again, the ledger untouched', async () => {
  const graphBefore = await keyContents(redis, prefix, '*:graph:*');
  const ledgerBefore = await keyContents(redis, prefix, '*:event:*');
  await redis.hset(k.node(id(1)), 'keywords', '["stale"]'); // as if enriched: wiped, then enriched again downstream
  await redis.set(k.snapshot('x'), 'ranking');
  await redis.hset(k.reflection('agent-a'), 'sum', '40');
  const projectedBefore = await redis.xlen(k.stream(PROJECTED_STREAM));

  const reply = await replay.execute({ tenant: 'default', partitions: [0] });

  expect(reply).toEqual({ outcome: 'done', partitions: 1, events_replayed: 3, keys_deleted: expect.any(Number), summaries_kept: 0 });
  expect(await keyContents(redis, prefix, '*:graph:*')).toEqual(graphBefore);
  expect(await keyContents(redis, prefix, '*:event:*')).toEqual(ledgerBefore);
  expect(await redis.exists(k.snapshot('x'), k.reflection('agent-a'), keys.of(SCOPE).replayLock)).toBe(0);
  const handedOn = (await redis.xrange(k.stream(PROJECTED_STREAM), '-', '+')).slice(projectedBefore).map(([, fields]) => fields[1]);
  expect(handedOn).toEqual([id(3), id(1), id(2)]);
});

it('keeps summaries that cover events past the retention ceiling as they are, and hands them to enrichment again', async () => {
  await summary(`summary:episode:${id(1)}`, 'episode', [id(1), id(2)], [id(1), id(2)], 2000);
  await summary('summary:session:s-1', 'session', [`summary:episode:${id(1)}`, `summary:episode:${id(3)}`], [id(1), id(2), id(3)], 3000);
  await summary(`summary:episode:${id(3)}`, 'episode', [id(3)], [id(3)], 3000);
  const kept = [`summary:episode:${id(1)}`, 'summary:session:s-1'];
  const keptBefore = await Promise.all(kept.flatMap((s) => [k.node(s), k.edgesOut(s), k.edgesIn(s)].map((key) => redis.hgetall(key))));
  // Event 1's document is past the retention ceiling: gone from the ledger, its node still in the graph.
  await redis.del(k.event(id(1)));
  await redis.zrem(k.dedup, id(1));

  const reply = await replay.execute({ tenant: 'default', partitions: [0] });

  expect(reply).toMatchObject({ outcome: 'done', events_replayed: 2, summaries_kept: 2 });
  expect(await redis.exists(k.node(id(1)))).toBe(0);
  expect(await redis.exists(k.node(id(2)), k.node(id(3)))).toBe(2);
  expect(await Promise.all(kept.flatMap((s) => [k.node(s), k.edgesOut(s), k.edgesIn(s)].map((key) => redis.hgetall(key))))).toEqual(keptBefore);
  expect(await redis.zrange(k.summaryIndex('agent-a'), 0, -1, 'WITHSCORES')).toEqual([`summary:episode:${id(1)}`, '2000', 'summary:session:s-1', '3000']);
  // The in-edges of the kept summaries' SUMMARIZES on what was projected again; the summary covering only retained events is gone (rebuilt by consolidation).
  expect(await redis.hget(k.edgesIn(id(2)), `SUMMARIZES|summary:episode:${id(1)}`)).toBe('{"level":"episode"}');
  expect(await redis.exists(k.node(`summary:episode:${id(3)}`), k.edgesOut(`summary:episode:${id(3)}`))).toBe(0);
  expect(await redis.hget(k.edgesIn(id(3)), `SUMMARIZES|summary:episode:${id(3)}`)).toBeNull();
  const handedOn = (await redis.xrange(k.stream(PROJECTED_STREAM), '-', '+')).slice(-4).map(([, fields]) => fields[1]);
  expect(handedOn).toEqual([id(3), id(2), ...kept.sort()]);
});

it('answers busy and touches nothing while another replay of the partition runs', async () => {
  const store = new RedisReplayStore(redis, keys);
  const token = await store.lock(SCOPE, 10_000);
  const before = await keyContents(redis, prefix);

  expect(await replay.execute({ tenant: 'default', partitions: [0] })).toEqual({ outcome: 'busy', partition: 0 });
  expect(await keyContents(redis, prefix)).toEqual(before);
  await store.unlock(SCOPE, token!);
});

it('refuses a malformed request', async () => {
  await expect(replay.execute({ tenant: '', partitions: [0] })).rejects.toThrow(/tenant/);
  await expect(replay.execute({ tenant: 't', partitions: [-1] } as never)).rejects.toThrow(/partitions/);
});
