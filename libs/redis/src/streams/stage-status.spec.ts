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

  it('counts the lag itself when Redis reports it as nil (an entry deleted after the last delivered one)', async () => {
    const ids = await addAged([5_000, 4_000, 3_000, 2_000, 1_000]);
    await redis.xgroup('CREATE', streamKey(), STAGE.group, '0');
    await deliver(2);
    await redis.xack(streamKey(), STAGE.group, ids[0], ids[1]);
    await redis.xdel(streamKey(), ids[3]);
    const raw = (await redis.call('XINFO', 'GROUPS', streamKey())) as unknown[][];
    expect(raw[0][raw[0].indexOf('lag') + 1]).toBeNull();

    const s = await status();
    expect(s).toMatchObject({ lag: 2, pending: 0, last_delivered_id: ids[1] });
    expect(s.seconds_behind).toBeGreaterThanOrEqual(3);
  });
});
