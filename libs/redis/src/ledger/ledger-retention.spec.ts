import Redis from 'ioredis';
import { LedgerEvent, StageDefinition } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '../testing';
import { LedgerRetention } from './ledger-retention';
import { RedisEventLedger } from './redis-event-ledger';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const scope = { tenant: 'default', partition: 0 };
const PROJECTION: StageDefinition = { stage: 'projection', stream: 'ledger', group: 'graph-projection' };
const AUDIT: StageDefinition = { stage: 'audit', stream: 'ledger', group: 'audit' };
let redis: Redis;
let prefix: string;
let keys: KeySpace;
let ledger: RedisEventLedger;
let retention: LedgerRetention;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number): LedgerEvent => ({
  event_id: id(n), event_type: 'user.message', occurred_at: new Date(NOW - DAY + n * 1000).toISOString(), session_id: 's-1',
  agent_id: 'agent-a', trace_id: 't-1', payload_ref: `ref-${n}`, payload: { text: `event ${n}` },
});
const ledgerKey = () => keys.of(scope).stream('ledger');

/** The group reads `read` entries and acknowledges the first `acked` of them. */
async function consume(group: string, read: number, acked: number): Promise<void> {
  const reply = (await redis.xreadgroup('GROUP', group, 'c1', 'COUNT', read, 'STREAMS', ledgerKey(), '>')) as [string, [string, string[]][]][];
  const ids = reply[0][1].map(([entryId]) => entryId);
  if (acked) await redis.xack(ledgerKey(), group, ...ids.slice(0, acked));
}

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(async () => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  ledger = new RedisEventLedger(redis, keys, 1);
  retention = new LedgerRetention(redis, keys);
  await ledger.append('default', [1, 2, 3, 4, 5, 6].map(event), NOW);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('LedgerRetention.trimStreams', () => {
  it('trims what every reader acknowledged and nothing it still holds or has not read', async () => {
    await redis.xgroup('CREATE', ledgerKey(), PROJECTION.group, '0');
    await consume(PROJECTION.group, 4, 2); // 1–2 acknowledged, 3–4 pending, 5–6 unread
    const [result] = await retention.trimStreams(scope, [PROJECTION], Date.now() + DAY);
    expect(result).toEqual({ stream: 'ledger', trimmed: 2, heldBy: 'graph-projection' });
    const left = (await redis.xrange(ledgerKey(), '-', '+')).map(([, fields]) => fields[1]);
    expect(left).toEqual([id(3), id(4), id(5), id(6)]);
  });

  it('keeps entries younger than the window even when all were read', async () => {
    await redis.xgroup('CREATE', ledgerKey(), PROJECTION.group, '0');
    await consume(PROJECTION.group, 6, 6);
    expect(await retention.trimStreams(scope, [PROJECTION], Date.now() - DAY)).toEqual([{ stream: 'ledger', trimmed: 0 }]);
    expect(await redis.xlen(ledgerKey())).toBe(6);
  });

  it('trims nothing while a reader group of the stream does not exist yet', async () => {
    await redis.xgroup('CREATE', ledgerKey(), PROJECTION.group, '0');
    await consume(PROJECTION.group, 6, 6);
    expect(await retention.trimStreams(scope, [PROJECTION, AUDIT], Date.now() + DAY)).toEqual([{ stream: 'ledger', trimmed: 0, heldBy: 'audit' }]);
    await redis.xgroup('CREATE', ledgerKey(), AUDIT.group, '0');
    await consume(AUDIT.group, 3, 3);
    expect(await retention.trimStreams(scope, [PROJECTION, AUDIT], Date.now() + DAY)).toEqual([{ stream: 'ledger', trimmed: 3, heldBy: 'audit' }]);
  });
});

describe('LedgerRetention.expireDocuments', () => {
  it('deletes documents past the ceiling with their dedup entry and session index, so a repeat is new again', async () => {
    await ledger.append('default', [event(7)], NOW + 10 * DAY);
    expect(await retention.expireDocuments(scope, NOW + DAY, 4)).toEqual([id(1), id(2), id(3), id(4)]);
    expect(await ledger.get('default', id(1))).toBeNull();
    expect(await ledger.get('default', id(5))).not.toBeNull();
    expect((await ledger.sessionEvents('default', 's-1', 10)).events.map((e) => e.event_id)).toEqual([id(5), id(6), id(7)]);
    expect(await redis.xlen(keys.of(scope).sessionStream('s-1'))).toBe(3);

    expect(await retention.expireDocuments(scope, NOW + DAY, 100)).toEqual([id(5), id(6)]);
    expect(await retention.expireDocuments(scope, NOW + DAY, 100)).toEqual([]);
    const [again] = await ledger.append('default', [event(1)], NOW + 20 * DAY);
    expect(again.status).toBe('accepted');
  });
});
