import Redis from 'ioredis';
import { Embedder } from '@cg/domain';
import { deleteKeysWithPrefix, KeySpace, readAnnouncedEmbeddingModel, testRedisUrl, uniqueTestPrefix } from '@cg/redis';
import { EmbeddingModelAnnouncer } from './embedding-model-announcer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const embedderOf = (model: string, dimension = 384): Embedder => ({ model, dimension, embed: async () => [] });

describe('EmbeddingModelAnnouncer', () => {
  let redis: Redis;
  const prefix = uniqueTestPrefix();
  const keys = new KeySpace(prefix);
  const announcers: EmbeddingModelAnnouncer[] = [];
  let lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }>;

  function announcer(model: string, ttlMs: number): EmbeddingModelAnnouncer {
    const a = new EmbeddingModelAnnouncer(redis, keys, embedderOf(model), { write: (level, msg, fields) => lines.push({ level, msg, fields }) }, ttlMs);
    announcers.push(a);
    return a;
  }

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  beforeEach(() => {
    lines = [];
  });
  afterEach(async () => {
    announcers.splice(0).forEach((a) => a.beforeApplicationShutdown());
    await deleteKeysWithPrefix(redis, prefix);
  });
  afterAll(() => redis.quit());

  it('announces at start-up and keeps the announcement alive past its expiry while running', async () => {
    const a = announcer('http:bge-small', 300);
    await a.onApplicationBootstrap();
    expect(await readAnnouncedEmbeddingModel(redis, keys)).toEqual({ model: 'http:bge-small', dimension: 384 });
    await sleep(700);
    expect(await readAnnouncedEmbeddingModel(redis, keys)).toEqual({ model: 'http:bge-small', dimension: 384 });
    expect(lines).toEqual([]);
  });

  it('lets it lapse once stopped', async () => {
    const a = announcer('http:bge-small', 300);
    await a.onApplicationBootstrap();
    a.beforeApplicationShutdown();
    await sleep(450);
    expect(await readAnnouncedEmbeddingModel(redis, keys)).toBeNull();
  });

  it('warns when another replica announces another model', async () => {
    await announcer('local-hash-384-v1', 10_000).onApplicationBootstrap();
    await announcer('http:bge-small', 10_000).onApplicationBootstrap();
    expect(lines).toEqual([{
      level: 'warn',
      msg: 'another enrichment replica announces another embedding model',
      fields: { model: 'http:bge-small', dimension: 384, other_model: 'local-hash-384-v1', other_dimension: 384 },
    }]);
  });
});
