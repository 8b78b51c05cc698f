import Redis from 'ioredis';
import { AgentScope } from '@cg/domain';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, keyContents, testRedisUrl, uniqueTestPrefix } from '../testing';
import { cosine } from './lsh';
import { DEFAULT_VECTOR_INDEX, RedisVectorIndex } from './redis-vector-index';

const A: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-a' };
const B: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-b' };
const MODEL = 'test-model';
const DIM = 64;
let redis: Redis;
let prefix: string;
let index: RedisVectorIndex;

/** Seeded draws, so every run sees the same vectors. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
}

function unit(values: number[]): Float32Array {
  const n = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / n);
}

const randomVector = (seed: number) => unit(Array.from({ length: DIM }, random(seed)));

/** A vector at a given cosine from `base` (base is unit-length). */
function near(base: Float32Array, target: number, seed: number): Float32Array {
  const noise = randomVector(seed);
  const along = cosine(noise, base);
  const orthogonal = unit(Array.from(noise, (v, i) => v - along * base[i]));
  const sine = Math.sqrt(1 - target * target);
  return Float32Array.from(base, (v, i) => target * v + sine * orthogonal[i]);
}

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  index = new RedisVectorIndex(redis, new KeySpace(prefix));
});
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

describe('RedisVectorIndex', () => {
  it('finds near neighbours above the threshold, best first, and nothing below it', async () => {
    const query = randomVector(1);
    await index.add(A, MODEL, 'close', near(query, 0.97, 2));
    await index.add(A, MODEL, 'similar', near(query, 0.9, 3));
    await index.add(A, MODEL, 'related', near(query, 0.6, 4));
    for (let n = 0; n < 200; n++) await index.add(A, MODEL, `other-${n}`, randomVector(100 + n));

    const found = await index.nearest(A, MODEL, query, 10, 0.85);
    expect(found.map((f) => f.id)).toEqual(['close', 'similar']);
    expect(found[0].score).toBeCloseTo(0.97, 5);
    expect(found[1].score).toBeCloseTo(0.9, 5);
    expect((await index.nearest(A, MODEL, query, 1, 0.85)).map((f) => f.id)).toEqual(['close']);
    expect(await index.nearest(A, MODEL, query, 10, 0.99)).toEqual([]);
  });

  it('never mixes agent scopes or models', async () => {
    const vector = randomVector(7);
    await index.add(A, MODEL, 'in-a', vector);
    await index.add(B, MODEL, 'in-b', vector);
    await index.add(A, 'other-model', 'other-model', vector);
    expect(await index.nearest(A, MODEL, vector, 10, 0.5)).toEqual([{ id: 'in-a', score: expect.closeTo(1, 5) }]);
    expect(await index.nearest(B, MODEL, vector, 10, 0.5)).toEqual([{ id: 'in-b', score: expect.closeTo(1, 5) }]);
    expect((await index.nearest(A, 'other-model', vector, 10, 0.5)).map((f) => f.id)).toEqual(['other-model']);
    expect(await index.nearest({ ...A, tenant: 'other' }, MODEL, vector, 10, 0.5)).toEqual([]);
  });

  it('is idempotent, and a changed vector leaves its old buckets', async () => {
    const first = randomVector(11);
    await index.add(A, MODEL, 'x', first);
    const once = await keyContents(redis, prefix);
    await index.add(A, MODEL, 'x', first);
    expect(await keyContents(redis, prefix)).toEqual(once);

    const second = randomVector(12);
    await index.add(A, MODEL, 'x', second);
    const buckets = Object.entries(await keyContents(redis, prefix)).filter(([key]) => key.includes(':b:'));
    expect(buckets).toHaveLength(DEFAULT_VECTOR_INDEX.bands);
    expect(buckets.every(([, members]) => (members as string[])[0] === 'x')).toBe(true);
    expect(await index.nearest(A, MODEL, first, 10, 0.9)).toEqual([]);
    expect((await index.nearest(A, MODEL, second, 10, 0.9)).map((f) => f.id)).toEqual(['x']);
  });

  it('removes a vector from its hash, signatures and buckets', async () => {
    await index.add(A, MODEL, 'keep', randomVector(41));
    const before = await keyContents(redis, prefix);
    const gone = randomVector(42);
    await index.add(A, MODEL, 'gone', gone);
    await index.remove(A, MODEL, 'gone');
    expect(await keyContents(redis, prefix)).toEqual(before);
    expect(await index.nearest(A, MODEL, gone, 10, 0.99)).toEqual([]);
    await index.remove(A, MODEL, 'never-added');
  });

  it('hashes alike in every process (hyperplanes seeded by model and dimension)', async () => {
    const vector = randomVector(21);
    await index.add(A, MODEL, 'x', vector);
    const elsewhere = new RedisVectorIndex(redis, new KeySpace(prefix));
    expect((await elsewhere.nearest(A, MODEL, near(vector, 0.95, 22), 10, 0.85)).map((f) => f.id)).toEqual(['x']);
  });

  it('bounds the candidates a query scores, however crowded its buckets', async () => {
    const options = { ...DEFAULT_VECTOR_INDEX, bucketReadCap: 20, candidateCap: 30 };
    const bounded = new RedisVectorIndex(redis, new KeySpace(prefix), options);
    const query = randomVector(31);
    for (let n = 0; n < 300; n++) await bounded.add(A, MODEL, `dup-${String(n).padStart(3, '0')}`, near(query, 0.999, 1000 + n));
    const candidates = await bounded.candidateIds(A, MODEL, query);
    expect(candidates).toHaveLength(30);
    expect((await bounded.nearest(A, MODEL, query, 500, 0.9)).length).toBe(30);
  });
});
