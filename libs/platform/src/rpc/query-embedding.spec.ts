import 'reflect-metadata';
import Redis from 'ioredis';
import { INestMicroservice } from '@nestjs/common';
import { Embedder } from '@cg/domain';
import { deleteKeysWithPrefix, KeySpace, testRedisUrl, uniqueTestPrefix } from '@cg/redis';
import { RpcTimeoutError } from './errors';
import { QUERY_EMBEDDING_CHANNEL } from './query-embedding.contract';
import { QueryEmbeddingClient } from './query-embedding.client';
import { startQueryEmbeddingServer } from './query-embedding.server';

/** A deterministic stand-in (the real embedders are tested in libs/embedding) that counts its calls. */
class FakeEmbedder implements Embedder {
  readonly model = 'fake-4d';
  readonly dimension = 4;
  calls = 0;

  constructor(private readonly latencyMs = 0) {}

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls += texts.length;
    if (this.latencyMs) await sleep(this.latencyMs);
    return texts.map(vectorOf);
  }
}

function vectorOf(text: string): Float32Array {
  const v = new Float32Array(4);
  for (let i = 0; i < text.length; i++) v[i % 4] += text.charCodeAt(i) / 100;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: Redis;
let keys: KeySpace;
let prefix: string;
let replicas: INestMicroservice[];
let clients: QueryEmbeddingClient[];

beforeAll(() => {
  redis = new Redis(testRedisUrl());
  prefix = uniqueTestPrefix();
});
beforeEach(() => {
  // A channel per test within the file's prefix, so no test sees another's requests.
  keys = new KeySpace(`${prefix}${expect.getState().currentTestName?.replace(/\W+/g, '-')}:`);
  replicas = [];
  clients = [];
});
afterEach(async () => {
  await Promise.all([...replicas.map((r) => r.close()), ...clients.map((c) => c.close())]);
});
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

async function startReplica(consumer: string, embedder: Embedder, concurrency = 4): Promise<INestMicroservice> {
  const app = await startQueryEmbeddingServer({ redis, keys, consumer, embedder, concurrency, blockMs: 5_000, nestLogger: false });
  replicas.push(app);
  return app;
}

function client(timeoutMs = 2_000): QueryEmbeddingClient {
  const c = new QueryEmbeddingClient({ redis, keys, timeoutMs });
  clients.push(c);
  return c;
}

const pendingCount = async () => ((await redis.xpending(keys.rpc(QUERY_EMBEDDING_CHANNEL), QUERY_EMBEDDING_CHANNEL)) as [number])[0];

/** Replies go out before the ack, so the caller may hold its answer a moment before the entry is settled. */
async function settled(): Promise<number> {
  for (let i = 0; i < 50 && (await pendingCount()) > 0; i++) await sleep(10);
  return pendingCount();
}
const replyKeys = () => redis.keys(`${keys.rpc(QUERY_EMBEDDING_CHANNEL)}:reply:*`);

it('a running replica answers with the vector its embedder computed', async () => {
  const embedder = new FakeEmbedder();
  await startReplica('r1', embedder);

  const answer = await client().embedQuery('why did the deploy fail?');

  expect(answer).toEqual({ model: 'fake-4d', vector: Array.from(vectorOf('why did the deploy fail?')) });
  expect(Float32Array.from(answer.vector)).toEqual(vectorOf('why did the deploy fail?'));
  expect(embedder.calls).toBe(1);
  expect(await settled()).toBe(0);
  expect(await replyKeys()).toEqual([]);
});

it('with two replicas running, each request is answered exactly once', async () => {
  const [a, b] = [new FakeEmbedder(10), new FakeEmbedder(10)];
  await startReplica('r1', a, 2);
  await startReplica('r2', b, 2);
  const texts = Array.from({ length: 40 }, (_, i) => `query number ${i}`);

  const answers = await Promise.all(texts.map((t) => client().embedQuery(t)));

  answers.forEach((answer, i) => expect(answer.vector).toEqual(Array.from(vectorOf(texts[i]))));
  expect(a.calls + b.calls).toBe(texts.length);
  expect(a.calls).toBeGreaterThan(0);
  expect(b.calls).toBeGreaterThan(0);
  expect(await settled()).toBe(0);
  expect(await replyKeys()).toEqual([]);
});

it('with no replica running, the caller gets a timeout error within its bound', async () => {
  const timeoutMs = 300;
  const started = Date.now();

  const error = await client(timeoutMs).embedQuery('anyone there?').catch((e: unknown) => e);

  const elapsed = Date.now() - started;
  expect(error).toBeInstanceOf(RpcTimeoutError);
  expect((error as Error).message).toContain('within 300 ms');
  expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 5);
  expect(elapsed).toBeLessThan(timeoutMs + 500);
  expect(await replyKeys()).toEqual([]);
});

it('a replica closed gracefully stops reading, promptly even while blocked in a read', async () => {
  const embedder = new FakeEmbedder();
  const app = await startReplica('r1', embedder);
  await client().embedQuery('before close');

  const closing = Date.now();
  await app.close();
  expect(Date.now() - closing).toBeLessThan(1_000); // its read blocks for 5 s; close cuts it short

  await expect(client(300).embedQuery('after close')).rejects.toBeInstanceOf(RpcTimeoutError);
  expect(embedder.calls).toBe(1);
  // The request waits in the stream, undelivered, for the next replica that starts.
  expect(await redis.xlen(keys.rpc(QUERY_EMBEDDING_CHANNEL))).toBe(2);
  expect(await pendingCount()).toBe(0);
});
