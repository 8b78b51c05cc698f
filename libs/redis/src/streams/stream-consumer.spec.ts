import Redis from 'ioredis';
import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';
import { KeySpace } from '../keys';
import { PartitionRegistry } from '../partitions/partition-registry';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '../testing';
import { StreamConsumer } from './stream-consumer';
import { StreamConsumerMetrics, StreamConsumerOptions, StreamEntry, StreamHandler } from './types';

const STAGE: StageDefinition = { stage: 'test', stream: 'stream:test', group: 'test-group' };
const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
const FAST = { batchSize: 10, blockMs: 100, claimIdleMs: 500, discoveryIntervalMs: 100, errorBackoffMs: 100 };

let redis: Redis;
let prefix: string;
let keys: KeySpace;
let registry: PartitionRegistry;
let consumers: StreamConsumer[];

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(async () => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  registry = new PartitionRegistry(redis, keys);
  consumers = [];
  await registry.register(SCOPE);
});
afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await deleteKeysWithPrefix(redis, prefix);
});
afterAll(() => redis.quit());

const streamKey = (scope = SCOPE) => keys.of(scope).stream(STAGE.stream);

async function add(n: number, fields: Record<string, string> = {}, scope = SCOPE): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await redis.xadd(streamKey(scope), '*', 'n', String(i), ...Object.entries(fields).flat())) as string);
  return ids;
}

/** Records every entry handed to it; `fail` decides which entries throw. */
function recorder(fail: (e: StreamEntry) => boolean = () => false) {
  const calls: { scope: PartitionRef; ids: string[] }[] = [];
  const handler: StreamHandler = {
    async handle(scope, entries) {
      calls.push({ scope, ids: entries.map((e) => e.id) });
      const bad = entries.find(fail);
      if (bad) throw new Error(`cannot handle ${bad.fields.n}`);
    },
  };
  const handled = () => new Set(calls.filter((c) => c.ids.every((id) => id)).flatMap((c) => c.ids));
  return { handler, calls, handled };
}

function start(handler: StreamHandler, options: Partial<StreamConsumerOptions> = {}): StreamConsumer {
  const consumer = new StreamConsumer(redis, keys, registry, handler, { stage: STAGE, consumer: 'c1', ...FAST, ...options });
  consumers.push(consumer);
  return consumer;
}

async function pendingCount(scope = SCOPE): Promise<number> {
  const [count] = (await redis.call('XPENDING', streamKey(scope), STAGE.group)) as [number];
  return Number(count);
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function fakeMetrics() {
  const m = { batches: 0, processed: 0, failed: 0, deadLettered: 0 };
  const hooks: StreamConsumerMetrics = {
    observeBatch: () => void m.batches++,
    processed: (n) => void (m.processed += n),
    failed: (n) => void (m.failed += n),
    deadLettered: (n) => void (m.deadLettered += n),
  };
  return { m, hooks };
}

describe('StreamConsumer', () => {
  it('reads in batches and acks a batch the handler accepted', async () => {
    const ids = await add(25);
    const { handler, calls } = recorder();
    const { m, hooks } = fakeMetrics();
    await start(handler, { metrics: hooks }).start();

    await waitFor(async () => m.processed === 25 && (await pendingCount()) === 0);
    expect(calls.flatMap((c) => c.ids)).toEqual(ids);
    expect(Math.max(...calls.map((c) => c.ids.length))).toBeLessThanOrEqual(10);
    expect(calls.every((c) => c.scope.tenant === 'default' && c.scope.partition === 0)).toBe(true);
    expect(m.batches).toBeGreaterThanOrEqual(3);
    expect(m.failed).toBe(0);
    // A group that already exists is reused, not an error.
    await start(recorder().handler, { consumer: 'c2' }).start();
  });

  it('reports stage status to the lag gauges from stream positions, at rest all zeros even with a stale XINFO lag', async () => {
    const ids = await add(5);
    const reports: StageStatus[] = [];
    const { hooks } = fakeMetrics();
    await start(recorder().handler, { metrics: { ...hooks, stageStatus: (_scope, status) => void reports.push(status) }, statusIntervalMs: 50 }).start();
    await waitFor(() => reports.some((r) => r.last_delivered_id === ids[4] && r.pending === 0));
    // The read counter an AOF restart can leave behind: XINFO now claims 5 entries of lag.
    await redis.call('XGROUP', 'SETID', streamKey(), STAGE.group, ids[4], 'ENTRIESREAD', 0);
    const seen = reports.length;
    await waitFor(() => reports.length > seen);
    expect(reports[reports.length - 1]).toMatchObject({ lag: 0, pending: 0, seconds_behind: 0, last_delivered_id: ids[4] });
  });

  it('picks up partitions registered after it started', async () => {
    const { handler, calls } = recorder();
    await start(handler).start();
    const other: PartitionRef = { tenant: 'acme', partition: 3 };
    await registry.register(other);
    const [id] = await add(1, {}, other);
    await waitFor(() => calls.some((c) => c.ids.includes(id)));
    expect(calls.find((c) => c.ids.includes(id))?.scope).toEqual(other);
    await waitFor(async () => (await pendingCount(other)) === 0);
  });

  it('retries a failed batch one entry at a time and dead-letters a poison entry after maxRetries', async () => {
    const [good1, poison, good2] = [...(await add(1)), ...(await add(1, { poison: '1' })), ...(await add(1))];
    const { handler, calls } = recorder((e) => e.fields.poison === '1');
    const { m, hooks } = fakeMetrics();
    await start(handler, { maxRetries: 3, metrics: hooks }).start();

    const dlq = keys.of(SCOPE).deadLetters(STAGE.stream);
    await waitFor(async () => (await redis.xlen(dlq)) === 1);
    // The good entries were acked on the first pass, alone; the poison entry was tried 3 times.
    expect(calls.filter((c) => c.ids.length === 1 && c.ids[0] !== poison).map((c) => c.ids[0])).toEqual([good1, good2]);
    expect(calls.filter((c) => c.ids.length === 1 && c.ids[0] === poison)).toHaveLength(3);
    expect(m).toMatchObject({ processed: 2, failed: 3, deadLettered: 1 });

    const [[, flat]] = await redis.xrange(dlq, '-', '+');
    const letter = Object.fromEntries(flat.reduce<string[][]>((acc, v, i) => (i % 2 ? acc[acc.length - 1].push(v) : acc.push([v]), acc), []));
    expect(letter).toMatchObject({ original_id: poison, stream: streamKey(), group: STAGE.group, error: 'cannot handle 0', failures: '3' });
    expect(JSON.parse(letter.fields)).toEqual({ n: '0', poison: '1' });
    expect(await pendingCount()).toBe(0);
    expect(await redis.hlen(keys.of(SCOPE).failures(STAGE.stream))).toBe(0);
  });

  it('keeps failure counts in Redis, so a retry after a restart continues the count', async () => {
    const [poison] = await add(1, { poison: '1' });
    const failures = keys.of(SCOPE).failures(STAGE.stream);
    await redis.hset(failures, `${STAGE.group}|${poison}`, 4);
    const { handler } = recorder((e) => e.fields.poison === '1');
    await start(handler, { maxRetries: 5 }).start();
    await waitFor(async () => (await redis.xlen(keys.of(SCOPE).deadLetters(STAGE.stream))) === 1);
    expect(await pendingCount()).toBe(0);
  });

  it('claims entries left pending by a consumer that stopped (XAUTOCLAIM after claimIdleMs)', async () => {
    const ids = await add(3);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0', 'MKSTREAM');
    await redis.xreadgroup('GROUP', STAGE.group, 'dead', 'COUNT', 10, 'STREAMS', streamKey(), '>');
    expect(await pendingCount()).toBe(3);

    const { handler, handled } = recorder();
    const startedAt = Date.now();
    await start(handler, { consumer: 'live', claimIdleMs: 600 }).start();
    await waitFor(async () => (await pendingCount()) === 0);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(500);
    expect([...handled()]).toEqual(ids);
    const consumersInfo = (await redis.call('XINFO', 'CONSUMERS', streamKey(), STAGE.group)) as unknown[][];
    const dead = consumersInfo.find((c) => c[1] === 'dead');
    expect(dead?.[3]).toBe(0);
  });

  it('recovers at once the entries its own consumer name left pending in an earlier run', async () => {
    const ids = await add(2);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0', 'MKSTREAM');
    await redis.xreadgroup('GROUP', STAGE.group, 'c1', 'COUNT', 10, 'STREAMS', streamKey(), '>');
    const { handler, handled } = recorder();
    await start(handler, { claimIdleMs: 60_000 }).start();
    await waitFor(async () => (await pendingCount()) === 0, 3_000);
    expect([...handled()]).toEqual(ids);
  });

  it('on stop, finishes and acks the batch in hand, then reads nothing more', async () => {
    await add(3);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const seen: string[] = [];
    const consumer = start({
      async handle(_scope, entries) {
        seen.push(...entries.map((e) => e.id));
        entered();
        await gate;
      },
    });
    await consumer.start();
    await inHandler;

    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false);
    expect(await pendingCount()).toBe(3);
    release();
    await stopping;
    expect(await pendingCount()).toBe(0);

    await add(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(3);
  });

  it('stops promptly while blocked in a long read', async () => {
    const consumer = start(recorder().handler, { blockMs: 30_000 });
    await consumer.start();
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await consumer.stop();
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});
