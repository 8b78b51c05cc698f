import Redis from 'ioredis';
import { AgentScope, planSummary, summaryNode, summarySource, eventSource, EventNode, SummaryNode } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisReflectionAccumulator } from './redis-reflection-accumulator';
import { RedisScopeLock } from './redis-scope-lock';
import { RedisSummaryStore } from './redis-summary-store';

const SCOPE: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-a' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function event(id: string, ms: number, text: string): EventNode {
  return {
    id, node_type: 'Event', event_type: 'user.message', session_id: 's-1', agent_id: 'agent-a', trace_id: 't', occurred_at: new Date(ms).toISOString(),
    occurred_ms: ms, global_position: '1-0', ingested_at: '', payload_ref: 'x', text, importance_score: 6, access_count: 0,
  };
}

describe('consolidation adapters (real Redis)', () => {
  let redis: Redis;
  // One root prefix for the whole file: clean-up scans the keyspace once (it may be large).
  const root = uniqueTestPrefix();
  let n = 0;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, root);
    await redis.quit();
  }, 60_000);

  function fresh() {
    const prefix = `${root}${n++}:`;
    const keys = new KeySpace(prefix);
    return {
      prefix, keys, k: keys.of(SCOPE),
      store: new RedisSummaryStore(redis, keys), lock: new RedisScopeLock(redis, keys), accumulator: new RedisReflectionAccumulator(redis, keys),
    };
  }

  function episode(first: string, events: EventNode[], text = `about ${first}`): SummaryNode {
    const plan = planSummary({ level: 'episode', scopeId: first, agentId: 'agent-a', sessionId: 's-1', sources: events.map(eventSource) });
    return summaryNode(plan, { text, method: 'extractive', model: 'test-v1' }, 1_000);
  }

  function session(episodes: SummaryNode[]): SummaryNode {
    const plan = planSummary({ level: 'session', scopeId: 's-1', agentId: 'agent-a', sessionId: 's-1', sources: episodes.map(summarySource) });
    return summaryNode(plan, { text: 'the session', method: 'extractive', model: 'test-v1' }, 2_000);
  }

  describe('RedisSummaryStore', () => {
    it('writes a Summary node with SUMMARIZES edges both ways and indexes it; unchanged input changes no key', async () => {
      const { prefix, k, store, lock } = fresh();
      const lease = (await lock.acquire(SCOPE, 'consolidation', 10_000))!;
      const e = [event('e1', 10, 'one'), event('e2', 20, 'two')];
      const ep = episode('e1', e);
      expect(await store.write(SCOPE, ep, ['e1', 'e2'], lease)).toBe('written');
      const ses = session([ep]);
      expect(await store.write(SCOPE, ses, [ep.id], lease)).toBe('written');

      expect(await redis.hgetall(k.node('summary:episode:e1'))).toMatchObject({
        id: 'summary:episode:e1', node_type: 'Summary', agent_id: 'agent-a', session_id: 's-1', level: 'episode', summary: 'about e1',
        method: 'extractive', model: 'test-v1', derived_from: '["e1","e2"]', occurred_ms: '20', first_ms: '10', importance_score: '6',
        sources_digest: ep.sources_digest, created_ms: '1000',
      });
      expect(await redis.hgetall(k.edgesOut(ep.id))).toEqual({ 'SUMMARIZES|e1': '{"level":"episode"}', 'SUMMARIZES|e2': '{"level":"episode"}' });
      expect(await redis.hgetall(k.edgesIn('e2'))).toEqual({ 'SUMMARIZES|summary:episode:e1': '{"level":"episode"}' });
      expect(await redis.hgetall(k.edgesIn(ep.id))).toEqual({ 'SUMMARIZES|summary:session:s-1': '{"level":"session"}' });
      expect(await store.scopeSummaryIds(SCOPE)).toEqual(['summary:episode:e1', 'summary:session:s-1']);
      expect((await store.summaries(SCOPE, [ses.id, 'summary:episode:none']))[0]).toEqual(ses);
      expect(await store.digests(SCOPE, [ep.id, 'nothing'])).toEqual([ep.sources_digest, null]);

      const before = await keyContents(redis, prefix);
      // Same sources, a later pass (another created_ms, even another text): nothing is rewritten.
      expect(await store.write(SCOPE, { ...episode('e1', e, 'other words'), created_ms: 5_000 }, ['e1', 'e2'], lease)).toBe('unchanged');
      expect(await store.write(SCOPE, { ...ses, created_ms: 6_000 }, [ep.id], lease)).toBe('unchanged');
      expect(await keyContents(redis, prefix)).toEqual(before);
    });

    it('a re-planned summary drops edges to what it no longer covers, and an episode summary left unreferenced goes', async () => {
      const { k, store, lock } = fresh();
      const lease = (await lock.acquire(SCOPE, 'consolidation', 10_000))!;
      const [e1, e2, e3] = [event('e1', 10, 'one'), event('e2', 20, 'two'), event('e3', 30, 'three')];
      const a = episode('e1', [e1]);
      const b = episode('e2', [e2]);
      await store.write(SCOPE, a, ['e1'], lease);
      await store.write(SCOPE, b, ['e2'], lease);
      await store.write(SCOPE, session([a, b]), [a.id, b.id], lease);
      // Enrichment of b's text referenced an entity (the entity's edges live under the agent scope).
      const entity = 'entity:place:lisbon';
      await redis.hset(k.edgesOut(b.id), `REFERENCES|${entity}`, '{}');
      await redis.hset(k.entityEdgesIn('agent-a', entity), `REFERENCES|${b.id}`, '{}', 'REFERENCES|e9', '{}');

      // e2 turns out to belong to the first episode: episode e2 is planned away.
      const merged = episode('e1', [e1, e2, e3]);
      expect(await store.write(SCOPE, merged, ['e1', 'e2', 'e3'], lease)).toBe('written');
      expect(await store.write(SCOPE, session([merged]), [merged.id], lease)).toBe('written');
      expect(await redis.exists(k.node(b.id), k.edgesOut(b.id), k.edgesIn(b.id))).toBe(0);
      expect(await redis.hgetall(k.entityEdgesIn('agent-a', 'entity:place:lisbon'))).toEqual({ 'REFERENCES|e9': '{}' });
      expect(await redis.hgetall(k.edgesIn('e2'))).toEqual({ 'SUMMARIZES|summary:episode:e1': '{"level":"episode"}' });
      expect(Object.keys(await redis.hgetall(k.edgesOut('summary:session:s-1')))).toEqual(['SUMMARIZES|summary:episode:e1']);
      expect(await store.scopeSummaryIds(SCOPE)).toEqual(['summary:episode:e1', 'summary:session:s-1']);
    });

    it('writes nothing without the scope lock (a holder whose lease ran out is fenced off)', async () => {
      const { prefix, store, lock } = fresh();
      const lease = (await lock.acquire(SCOPE, 'consolidation', 10_000))!;
      await lock.release(SCOPE, lease);
      expect(await store.write(SCOPE, episode('e1', [event('e1', 10, 'one')]), ['e1'], lease)).toBe('lock-lost');
      expect(await keyContents(redis, prefix)).toEqual({});
    });
  });

  describe('RedisReflectionAccumulator', () => {
    it('counts each id once however often it is delivered, and marks its session dirty', async () => {
      const { accumulator } = fresh();
      const batch = [{ id: 'e1', sessionId: 's-1', importance: 7 }, { id: 'e2', sessionId: 's-2', importance: 3 }];
      expect((await accumulator.add(SCOPE, batch)).sum).toBe(10);
      expect((await accumulator.add(SCOPE, batch)).sum).toBe(10);
      expect((await accumulator.add(SCOPE, [batch[0], { id: 'e3', sessionId: 's-1', importance: 5 }])).sum).toBe(15);
      expect(await accumulator.state(SCOPE)).toEqual({ sum: 15, mark: 3 });
      expect(await accumulator.dirtySessions(SCOPE)).toEqual(new Map([['s-1', 2], ['s-2', 1]]));
      expect(await accumulator.sessions(SCOPE)).toEqual(['s-1', 's-2']);
      expect(await accumulator.agents(SCOPE)).toEqual(['agent-a']);
    });

    it('a completed reflection takes back what it saw; what came during it stays; a redelivery right after still counts once', async () => {
      const { accumulator, lock } = fresh();
      const lease = (await lock.acquire(SCOPE, 'consolidation', 10_000))!;
      await accumulator.add(SCOPE, [{ id: 'e1', sessionId: 's-1', importance: 100 }, { id: 'e2', sessionId: 's-1', importance: 60 }]);
      const seen = await accumulator.state(SCOPE);
      await accumulator.add(SCOPE, [{ id: 'e3', sessionId: 's-1', importance: 4 }]);
      expect(await accumulator.complete(SCOPE, seen, lease)).toBe(true);
      expect((await accumulator.state(SCOPE)).sum).toBe(4);
      expect((await accumulator.add(SCOPE, [{ id: 'e1', sessionId: 's-1', importance: 100 }])).sum).toBe(4);
      // Two reflections later the old ids are forgotten (the counted set stays bounded).
      await accumulator.complete(SCOPE, await accumulator.state(SCOPE), lease);
      await accumulator.complete(SCOPE, await accumulator.state(SCOPE), lease);
      expect((await accumulator.state(SCOPE)).sum).toBe(0);
    });

    it('completes only for the holder of the scope lock', async () => {
      const { accumulator, lock } = fresh();
      await accumulator.add(SCOPE, [{ id: 'e1', sessionId: 's-1', importance: 200 }]);
      const lease = (await lock.acquire(SCOPE, 'consolidation', 10_000))!;
      expect(await accumulator.complete(SCOPE, await accumulator.state(SCOPE), { ...lease, token: 'expired-holder' })).toBe(false);
      expect((await accumulator.state(SCOPE)).sum).toBe(200);
    });

    it('clears a dirty session only when nothing arrived since its mark was read', async () => {
      const { accumulator } = fresh();
      await accumulator.add(SCOPE, [{ id: 'e1', sessionId: 's-1', importance: 1 }]);
      const mark = (await accumulator.dirtySessions(SCOPE)).get('s-1')!;
      await accumulator.add(SCOPE, [{ id: 'e2', sessionId: 's-1', importance: 1 }]);
      await accumulator.clearDirty(SCOPE, 's-1', mark);
      expect(await accumulator.dirtySessions(SCOPE)).toEqual(new Map([['s-1', 2]]));
      await accumulator.clearDirty(SCOPE, 's-1', 2);
      expect(await accumulator.dirtySessions(SCOPE)).toEqual(new Map());
    });
  });

  describe('RedisScopeLock', () => {
    it('of two contenders only one holds the lock; only the holder renews or releases it', async () => {
      const { lock, k } = fresh();
      const [a, b] = await Promise.all([lock.acquire(SCOPE, 'consolidation', 5_000), lock.acquire(SCOPE, 'consolidation', 5_000)]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const holder = (a ?? b)!;
      const intruder = { ...holder, token: 'not-mine' };
      expect(await lock.renew(SCOPE, intruder, 5_000)).toBe(false);
      await lock.release(SCOPE, intruder);
      expect(await redis.get(k.consolidationLock('agent-a'))).toBe(holder.token);
      expect(await lock.renew(SCOPE, holder, 5_000)).toBe(true);
      await lock.release(SCOPE, holder);
      expect(await lock.acquire(SCOPE, 'consolidation', 5_000)).not.toBeNull();
    });

    it('a crashed holder\'s lock expires and can be taken; the old holder can no longer renew it', async () => {
      const { lock } = fresh();
      const crashed = (await lock.acquire(SCOPE, 'consolidation', 100))!;
      expect(await lock.acquire(SCOPE, 'consolidation', 100)).toBeNull();
      await sleep(200);
      const next = await lock.acquire(SCOPE, 'consolidation', 5_000);
      expect(next).not.toBeNull();
      expect(await lock.renew(SCOPE, crashed, 5_000)).toBe(false);
      expect(await lock.acquire({ ...SCOPE, agentId: 'agent-b' }, 'consolidation', 5_000)).not.toBeNull();
    });
  });
});
