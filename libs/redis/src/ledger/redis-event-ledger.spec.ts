import Redis from 'ioredis';
import { LedgerEvent, normalizeEvent, PartialAppendError } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisEventLedger } from './redis-event-ledger';

const NOW = Date.parse('2026-11-26T12:00:00Z');
let redis: Redis;
let prefix: string;
let keys: KeySpace;
let ledger: RedisEventLedger;

function event(n: number, overrides: Partial<LedgerEvent> = {}): LedgerEvent {
  return {
    event_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    event_type: 'tool.execute',
    occurred_at: new Date(NOW - 60_000 + n * 1000).toISOString(),
    session_id: 's-1',
    agent_id: 'agent-a',
    trace_id: 't-1',
    payload_ref: `ref-${n}`,
    payload: { text: `event ${n}` },
    ...overrides,
  };
}

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  ledger = new RedisEventLedger(redis, keys, 1);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

const ledgerLength = () => redis.xlen(keys.of({ tenant: 'default', partition: 0 }).stream('ledger'));

describe('RedisEventLedger', () => {
  it('accepts a new event and stores it with its position and ingest time', async () => {
    const [result] = await ledger.append('default', [event(1)], NOW);
    expect(result.status).toBe('accepted');
    expect(result.global_position).toMatch(/^\d+-\d+$/);
    const stored = await ledger.get('default', event(1).event_id);
    expect(stored).toEqual({ ...event(1), global_position: result.global_position, ingested_at: new Date(NOW).toISOString() });
    expect(await ledgerLength()).toBe(1);
  });

  it('answers a repeat with the first position and writes nothing, however it is spelled', async () => {
    const [first] = await ledger.append('default', [event(1)], NOW);
    const original = event(1);
    const respelled = normalizeEvent({
      payload: { text: 'event 1' }, payload_ref: 'ref-1', trace_id: 't-1', agent_id: 'agent-a', session_id: 's-1',
      occurred_at: original.occurred_at.replace('Z', '+00:00').replace('.000', ''),
      event_type: 'tool.execute', event_id: original.event_id.toUpperCase(), schema_version: 1,
    });
    const [repeat] = await ledger.append('default', [respelled], NOW + 7 * 24 * 3_600_000);
    expect(repeat).toEqual({ event_id: original.event_id, global_position: first.global_position, status: 'duplicate' });
    expect(await ledgerLength()).toBe(1);
  });

  it('refuses the same id with other content as a conflict', async () => {
    const [first] = await ledger.append('default', [event(1)], NOW);
    const [other] = await ledger.append('default', [event(1, { payload: { text: 'changed' } })], NOW);
    expect(other).toMatchObject({ status: 'conflict', conflict: 'content', global_position: first.global_position });
    expect((await ledger.get('default', event(1).event_id))?.payload).toEqual({ text: 'event 1' });
  });

  it('refuses an event whose session belongs to another agent, writing nothing', async () => {
    await ledger.append('default', [event(1)], NOW);
    const [result] = await ledger.append('default', [event(2, { agent_id: 'agent-b' })], NOW);
    expect(result).toMatchObject({ status: 'conflict', conflict: 'session', global_position: null });
    expect(await ledger.get('default', event(2).event_id)).toBeNull();
    expect(await ledgerLength()).toBe(1);
  });

  it('treats a repeated id inside one batch as a duplicate of its first copy', async () => {
    const results = await ledger.append('default', [event(1), event(2), event(1), event(2, { payload_ref: 'x' })], NOW);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'duplicate', 'conflict']);
    expect(results[2].global_position).toBe(results[0].global_position);
    expect(await ledgerLength()).toBe(2);
  });

  it('reads a session by occurred_at, then position, page by page', async () => {
    const shuffled = [5, 2, 9, 1, 7, 3, 8, 4, 6, 10].map((n) => event(n));
    shuffled.push(event(11, { occurred_at: event(5).occurred_at })); // same instant as 5, later position
    await ledger.append('default', shuffled, NOW);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ledger.sessionEvents('default', 's-1', 4, cursor);
      ids.push(...page.events.map((e) => e.payload_ref));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(ids).toEqual(['ref-1', 'ref-2', 'ref-3', 'ref-4', 'ref-5', 'ref-11', 'ref-6', 'ref-7', 'ref-8', 'ref-9', 'ref-10']);
  });

  it('keeps tenants apart: one id in two tenants is two events', async () => {
    await ledger.append('acme', [event(1)], NOW);
    const [other] = await ledger.append('globex', [event(1, { payload_ref: 'globex' })], NOW);
    expect(other.status).toBe('accepted');
    expect((await ledger.get('acme', event(1).event_id))?.payload_ref).toBe('ref-1');
    expect((await ledger.get('globex', event(1).event_id))?.payload_ref).toBe('globex');
    expect(await ledger.get('initech', event(1).event_id)).toBeNull();
  });

  it('refuses a session owned by another agent in another partition', async () => {
    const partitioned = new RedisEventLedger(redis, keys, 8);
    const agents = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const other = agents.find((a) => partitioned.scopeOf('default', a).partition !== partitioned.scopeOf('default', 'a').partition)!;
    await partitioned.append('default', [event(1, { agent_id: 'a' })], NOW);
    const [result] = await partitioned.append('default', [event(2, { agent_id: other })], NOW);
    expect(result).toMatchObject({ status: 'conflict', conflict: 'session' });
    expect(await partitioned.sessionScope('default', 's-1')).toEqual(partitioned.scopeOf('default', 'a'));
  });

  it('reports its script as loaded', async () => {
    expect(await ledger.scriptsLoaded()).toBe(true);
  });

  it('keeps sessions whose ids spell each other\'s key suffixes apart, in either order', async () => {
    const sessions = ['s1', 's1:order', 'v:order', 'v', 'a:b', 'a'];
    const results = await ledger.append('default', sessions.map((session_id, n) => event(n, { session_id })), NOW);
    expect(results.map((r) => r.status)).toEqual(sessions.map(() => 'accepted'));
    for (const [n, session] of sessions.entries()) {
      expect((await ledger.sessionEvents('default', session, 10)).events.map((e) => e.event_id)).toEqual([event(n).event_id]);
    }
    expect(await ledgerLength()).toBe(sessions.length);
  });

  it('writes nothing when any of its keys holds another type, and says which key', async () => {
    const k = keys.of({ tenant: 'default', partition: 0 });
    await redis.set(k.sessionOrder('s-2'), 'not a sorted set');
    const before = await keyContents(redis, prefix);
    await expect(ledger.append('default', [event(1, { session_id: 's-2' })], NOW)).rejects.toThrow(/WRONGTYPE .*session:s-2:order.*nothing written/);
    expect(await keyContents(redis, prefix)).toEqual(before);
  });

  it('says what each event of a batch got when one of them could not be written', async () => {
    await redis.set(keys.of({ tenant: 'default', partition: 0 }).sessionStream('s-2'), 'not a stream');
    const batch = [event(1), event(2, { session_id: 's-2' }), event(3)];
    const failure = await ledger.append('default', batch, NOW).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartialAppendError);
    const { results } = failure as PartialAppendError;
    expect(results.map((r) => r?.status ?? null)).toEqual(['accepted', null, 'accepted']);
    expect(await ledgerLength()).toBe(2);
    expect(await ledger.get('default', event(2).event_id)).toBeNull();
  });

  it('picks entry ids past the newest of both streams, so neither append can be refused mid-script', async () => {
    const k = keys.of({ tenant: 'default', partition: 0 });
    await redis.xadd(k.sessionStream('s-1'), '99999999999999-5', 'event_id', 'planted'); // a session stream ahead of the global one
    const [result] = await ledger.append('default', [event(1)], NOW);
    expect(result).toMatchObject({ status: 'accepted', global_position: '99999999999999-6' });
    expect(await ledgerLength()).toBe(1);
  });
});
