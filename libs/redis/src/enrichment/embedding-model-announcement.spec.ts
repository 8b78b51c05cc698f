import Redis from 'ioredis';
import { KeySpace } from '../keys';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '../testing';
import { announceEmbeddingModel, readAnnouncedEmbeddingModel } from './embedding-model-announcement';

describe('the embedding model announcement', () => {
  let redis: Redis;
  const prefix = uniqueTestPrefix();
  const keys = new KeySpace(prefix);

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterEach(() => deleteKeysWithPrefix(redis, prefix));
  afterAll(() => redis.quit());

  it('is read back as announced, under the key space\'s one key, with its expiry', async () => {
    expect(await readAnnouncedEmbeddingModel(redis, keys)).toBeNull();
    expect(await announceEmbeddingModel(redis, keys, { model: 'http:bge-small', dimension: 384 }, 5_000)).toBeNull();
    expect(await readAnnouncedEmbeddingModel(redis, keys)).toEqual({ model: 'http:bge-small', dimension: 384 });
    expect(keys.embeddingModel).toBe(`${prefix}embedding-model`);
    const ttl = await redis.pttl(keys.embeddingModel);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('says which announcement it replaced, so a replica of another model is noticed', async () => {
    await announceEmbeddingModel(redis, keys, { model: 'local-hash-384-v1', dimension: 384 });
    expect(await announceEmbeddingModel(redis, keys, { model: 'http:bge-small', dimension: 384 })).toEqual({ model: 'local-hash-384-v1', dimension: 384 });
  });

  it('is gone once it expires unrenewed', async () => {
    await announceEmbeddingModel(redis, keys, { model: 'http:bge-small', dimension: 384 }, 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await readAnnouncedEmbeddingModel(redis, keys)).toBeNull();
  });

  it('reads an unreadable value as no announcement', async () => {
    for (const value of ['not json', '{"model":"m"}', '{"model":"","dimension":384}', '{"model":"m","dimension":-1}']) {
      await redis.set(keys.embeddingModel, value);
      expect(await readAnnouncedEmbeddingModel(redis, keys)).toBeNull();
    }
  });
});
