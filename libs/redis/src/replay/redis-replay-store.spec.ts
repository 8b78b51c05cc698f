import Redis from 'ioredis';
import { LedgerEvent, PartitionRef } from '@cg/domain';
import { KeySpace } from '../keys';
import { RedisEventLedger } from '../ledger/redis-event-ledger';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { escapeGlob, RedisReplayStore } from './redis-replay-store';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
const OTHER: PartitionRef = { tenant: 'default', partition: 1 };
let redis: Redis;
let prefix: string;
let keys: KeySpace;

const event = (n: number): LedgerEvent => ({
  event_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, event_type: 'tool.execute', occurred_at: new Date(NOW - 60_000 + n * 1000).toISOString(),
  session_id: 's-1', agent_id: 'agent-a', trace_id: 't-1', payload_ref: `ref-${n}`, payload: { text: `event ${n}` },
});

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

/** One derived key of every family (and ledger-adjacent names a careless pattern would catch), in two partitions. */
async function derivedKeys(scope: PartitionRef): Promise<string[]> {
  const k = keys.of(scope);
  const written = [
    k.node('e-1'), k.edgesOut('e-1'), k.edgesIn('e-1'), k.graphSession('s-1'), k.graphAgent('agent-a'), k.waitingChildren('e-0'), k.feedbackApplied,
    k.entityNode('agent-a', 'entity:person:maria'), k.summaryIndex('agent-a'), k.vectors('agent-a', 'm'), k.vectorBucket('agent-a', 'm', 0, 'ab'),
    k.lexicalPostings('agent-a', 'flight'), k.lexicalStats('agent-a'), k.consolidationAgents, k.reflection('agent-a'), k.consolidationLock('agent-a'),
    k.dirtySessions('agent-a'), k.snapshot('snap-1'),
  ];
  for (const key of written) await redis.set(key, 'x');
  return written;
}

it('wipes every derived key of the partition and nothing else: ledger, session streams, stage streams and groups, other partitions stay', async () => {
  const store = new RedisReplayStore(redis, keys, { unlinkBatch: 4 });
  await new RedisEventLedger(redis, keys, 1).append('default', [event(1), event(2)], NOW);
  const k = keys.of(SCOPE);
  await redis.xadd(k.stream('stream:projected'), '*', 'event_id', event(1).event_id);
  await redis.xgroup('CREATE', k.stream('ledger'), 'graph-projection', '0');
  await redis.xadd(k.deadLetters('stream:projected'), '*', 'event_id', 'x');
  await redis.hset(k.failures('stream:projected'), 'enrichment|1-0', '1');
  const derived = await derivedKeys(SCOPE);
  await derivedKeys(OTHER);
  const before = await keyContents(redis, prefix);

  expect(await store.wipeDerived(SCOPE)).toBe(derived.length);

  const after = await keyContents(redis, prefix);
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).filter((key) => !derived.includes(prefix + key)).sort());
  for (const key of Object.keys(after)) expect(after[key]).toEqual(before[key]);
  expect(Object.keys(after).some((key) => key.includes(':ledger'))).toBe(true);
  expect(await redis.xinfo('GROUPS', k.stream('ledger'))).toHaveLength(1);
  expect(await store.wipeDerived(SCOPE)).toBe(0);
});

it('lists the retained events in global_position order, numerically, leaving out ids whose document is gone', async () => {
  const store = new RedisReplayStore(redis, keys, { readBatch: 2 });
  const ledger = new RedisEventLedger(redis, keys, 1);
  // Ingested 3, 1, 2 (positions in that order); the dedup index sorts by ingest time, so list them in reverse ingest time.
  const ids: string[] = [];
  for (const [n, at] of [[3, NOW + 30], [1, NOW + 20], [2, NOW + 10], [4, NOW]] as const) {
    await ledger.append('default', [event(n)], at);
    ids.push(event(n).event_id);
  }
  await redis.del(keys.of(SCOPE).event(event(4).event_id));
  // Positions <ms>-<seq> compare as numbers: 9-0 < 10-0, 10-2 < 10-10.
  const set = (n: number, position: string) => redis.hset(keys.of(SCOPE).event(event(n).event_id), 'global_position', position);
  await set(3, '9-0');
  await set(1, '10-10');
  await set(2, '10-2');

  expect(await store.retainedEventIds(SCOPE)).toEqual([event(3), event(2), event(1)].map((e) => e.event_id));
  expect(await store.retainedEventIds(OTHER)).toEqual([]);
});

it('one replay per partition at a time: the lock is taken once, released by its holder only', async () => {
  const store = new RedisReplayStore(redis, keys);
  const token = await store.lock(SCOPE, 10_000);
  expect(token).toEqual(expect.any(String));
  expect(await store.lock(SCOPE, 10_000)).toBeNull();
  expect(await store.lock(OTHER, 10_000)).toEqual(expect.any(String));
  await store.unlock(SCOPE, 'not-the-token');
  expect(await store.renew(SCOPE, token!, 10_000)).toBe(true);
  await store.unlock(SCOPE, token!);
  expect(await store.renew(SCOPE, token!, 10_000)).toBe(false);
  expect(await store.lock(SCOPE, 10_000)).toEqual(expect.any(String));
});

it('matches key bases literally', () => {
  expect(escapeGlob('cg:{t:0}*?[x]\\')).toBe('cg:{t:0}\\*\\?\\[x\\]\\\\');
});
