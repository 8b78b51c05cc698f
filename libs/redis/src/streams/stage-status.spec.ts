import Redis from 'ioredis';
import { isDrained, PartitionRef, StageDefinition } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '../testing';
import { readStageStatus } from './stage-status';

const STAGE: StageDefinition = { stage: 'test', stream: 'stream:test', group: 'test-group' };
const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };

let redis: Redis;
let prefix: string;
let keys: KeySpace;

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

const streamKey = () => keys.of(SCOPE).stream(STAGE.stream);
const status = () => readStageStatus(redis, keys, SCOPE, STAGE);

async function redisNowMs(): Promise<number> {
  const [s, us] = await redis.time();
  return Number(s) * 1000 + Math.floor(Number(us) / 1000);
}

/** Adds entries with explicit ids `agesMs` milliseconds in the past (oldest first). */
async function addAged(agesMs: number[]): Promise<string[]> {
  const now = await redisNowMs();
  const ids: string[] = [];
  for (const [i, age] of agesMs.entries()) ids.push((await redis.xadd(streamKey(), `${now - age}-${i}`, 'n', String(i))) as string);
  return ids;
}

async function deliver(count: number): Promise<void> {
  await redis.xreadgroup('GROUP', STAGE.group, 'c1', 'COUNT', count, 'STREAMS', streamKey(), '>');
}

describe('readStageStatus', () => {
  it('reports zeros and "0-0" while the stream does not exist', async () => {
    const empty = { stage: 'test', stream: 'stream:test', group: 'test-group', lag: 0, pending: 0, dead_lettered: 0, last_delivered_id: '0-0', seconds_behind: 0 };
    expect(await status()).toEqual(empty);
  });

  it('counts every entry as lag while the stage has never started (no group yet)', async () => {
    await addAged([20_000, 10_000]);
    const s = await status();
    expect(s).toMatchObject({ lag: 2, pending: 0, last_delivered_id: '0-0' });
    expect(s.seconds_behind).toBeGreaterThanOrEqual(20);
    expect(isDrained([s])).toBe(false);
  });

  it('counts undelivered (lag) and pending entries and measures from the oldest pending one', async () => {
    const ids = await addAged([50_000, 40_000, 30_000, 20_000, 10_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(3);
    await redis.xack(streamKey(), STAGE.group, ids[0]);
    await redis.xadd(keys.of(SCOPE).deadLetters(STAGE.stream), '*', 'original_id', ids[0]);

    const s = await status();
    expect(s).toMatchObject({ lag: 2, pending: 2, dead_lettered: 1, last_delivered_id: ids[2] });
    expect(s.seconds_behind).toBeGreaterThanOrEqual(40);
    expect(s.seconds_behind).toBeLessThan(45);
    expect(isDrained([s])).toBe(false);
  });

  it('measures from the oldest undelivered entry when nothing is pending', async () => {
    const ids = await addAged([60_000, 20_000, 10_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(1);
    await redis.xack(streamKey(), STAGE.group, ids[0]);

    const s = await status();
    expect(s).toMatchObject({ lag: 2, pending: 0 });
    expect(s.seconds_behind).toBeGreaterThanOrEqual(20);
    expect(s.seconds_behind).toBeLessThan(25);
  });

  it('is drained, with seconds_behind 0, once everything is delivered and acked', async () => {
    const ids = await addAged([60_000, 30_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(10);
    await redis.xack(streamKey(), STAGE.group, ...ids);

    const s = await status();
    expect(s).toEqual({ ...s, lag: 0, pending: 0, seconds_behind: 0, last_delivered_id: ids[1] });
    expect(isDrained([s])).toBe(true);
  });

  it('counts around entries deleted after the last delivered one', async () => {
    const ids = await addAged([5_000, 4_000, 3_000, 2_000, 1_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(2);
    await redis.xack(streamKey(), STAGE.group, ids[0], ids[1]);
    await redis.xdel(streamKey(), ids[3]);

    const s = await status();
    expect(s).toMatchObject({ lag: 2, pending: 0, last_delivered_id: ids[1] });
    expect(s.seconds_behind).toBeGreaterThanOrEqual(3);
  });

  it('ignores XINFO lag when its read counter is stale (as after a restart from a rewritten append-only file)', async () => {
    const ids = await addAged([3_000, 2_000, 1_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(10);
    await redis.xack(streamKey(), STAGE.group, ...ids);
    // What the AOF replay leaves behind: the position is right, the read counter is not.
    await redis.call('XGROUP', 'SETID', streamKey(), STAGE.group, ids[2], 'ENTRIESREAD', 0);
    const raw = (await redis.call('XINFO', 'GROUPS', streamKey())) as unknown[][];
    expect(raw[0][raw[0].indexOf('lag') + 1]).toBe(3);

    const s = await status();
    expect(s).toMatchObject({ lag: 0, pending: 0, seconds_behind: 0, last_delivered_id: ids[2] });
    expect(isDrained([s])).toBe(true);
  });

  it('counts every entry left when the stream was trimmed past the last delivered one', async () => {
    const ids = await addAged([5_000, 4_000, 3_000, 2_000, 1_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(2);
    await redis.xack(streamKey(), STAGE.group, ids[0], ids[1]);
    await redis.xtrim(streamKey(), 'MAXLEN', 2);

    const s = await status();
    expect(s).toMatchObject({ lag: 2, pending: 0, last_delivered_id: ids[1] });
    expect(s.seconds_behind).toBeGreaterThanOrEqual(2);
    expect(s.seconds_behind).toBeLessThan(3);
  });

  describe('a backlog of several pages', () => {
    const TOTAL = 2_500;
    beforeEach(async () => {
      const add = redis.pipeline();
      for (let i = 0; i < TOTAL; i++) add.xadd(streamKey(), '*', 'n', String(i));
      await add.exec();
      await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
      await deliver(3);
    });

    it('is counted exactly', async () => {
      expect(await status()).toMatchObject({ lag: TOTAL - 3, pending: 3 });
    });

    it('stops counting once the backlog is past countUpTo', async () => {
      const capped = await readStageStatus(redis, keys, SCOPE, STAGE, { countUpTo: 1_200 });
      expect(capped).toMatchObject({ lag: 1_198, pending: 3 });
      expect(capped.lag + capped.pending).toBeGreaterThan(1_200);
      expect(await readStageStatus(redis, keys, SCOPE, STAGE, { countUpTo: 10_000 })).toMatchObject({ lag: TOTAL - 3 });
    });
  });
});
