import 'reflect-metadata';
import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { deleteKeysWithPrefix, KeySpace, testRedisUrl, uniqueTestPrefix } from '@cg/redis';
import { RpcRemoteError, RpcTimeoutError } from './errors';
import { replyKeyOf, requestFields } from './protocol';
import { RedisStreamRpcClient } from './redis-stream-rpc.client';
import { RedisStreamRpcServer, RedisStreamRpcServerOptions } from './redis-stream-rpc.server';

const CHANNEL = 'test-rpc';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the handlers saw, shared with the tests. */
const seen = { echo: 0, slowStarted: 0 };

@Controller()
class TestController {
  @MessagePattern('echo')
  echo(@Payload() data: unknown): unknown {
    seen.echo++;
    return data;
  }

  @MessagePattern({ cmd: 'sum' })
  sum(@Payload() xs: number[]): number {
    return xs.reduce((a, b) => a + b, 0);
  }

  @MessagePattern('fail')
  fail(): never {
    throw new RpcException('no good');
  }

  @MessagePattern('slow')
  async slow(@Payload() ms: number): Promise<string> {
    seen.slowStarted++;
    await sleep(ms);
    return 'done';
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

let redis: Redis;
let prefix: string;
let keys: KeySpace;
let apps: INestMicroservice[];
let clients: RedisStreamRpcClient[];

beforeAll(() => {
  redis = new Redis(testRedisUrl());
  prefix = uniqueTestPrefix();
});
beforeEach(() => {
  keys = new KeySpace(`${prefix}${expect.getState().currentTestName?.replace(/\W+/g, '-')}:`);
  apps = [];
  clients = [];
  seen.echo = 0;
  seen.slowStarted = 0;
});
afterEach(async () => {
  await Promise.all([...apps.map((a) => a.close()), ...clients.map((c) => c.close())]);
});
afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

async function startServer(options: Partial<RedisStreamRpcServerOptions> = {}): Promise<INestMicroservice> {
  const strategy = new RedisStreamRpcServer({ redis, keys, channel: CHANNEL, consumer: 'r1', blockMs: 200, ...options });
  const app = await NestFactory.createMicroservice(TestModule, { strategy, logger: false });
  await app.listen();
  apps.push(app);
  return app;
}

function send<T>(pattern: string | object, data: unknown, timeoutMs = 2_000): Promise<T> {
  const client = new RedisStreamRpcClient({ redis, keys, channel: CHANNEL, timeoutMs });
  clients.push(client);
  return firstValueFrom(client.send<T>(pattern, data));
}

const streamKey = () => keys.rpc(CHANNEL);
const pendingCount = async () => ((await redis.xpending(streamKey(), CHANNEL)) as [number])[0];

/** Waits until the group has read `n` entries and settled them all. */
async function settledAfter(n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const groups = (await redis.xinfo('GROUPS', streamKey())) as unknown[][];
    const info = Object.fromEntries(Array.from({ length: groups[0].length / 2 }, (_, j) => [groups[0][2 * j], groups[0][2 * j + 1]]));
    if (info['entries-read'] === n && info.pending === 0) return;
    await sleep(20);
  }
  throw new Error(`the group did not settle ${n} entries`);
}

it('carries payloads both ways, object patterns included', async () => {
  await startServer();

  await expect(send('echo', { text: 'ünïcode ✓', n: [1.5, -2] })).resolves.toEqual({ text: 'ünïcode ✓', n: [1.5, -2] });
  await expect(send({ cmd: 'sum' }, [1, 2, 3])).resolves.toBe(6);
});

it('a handler error and an unknown pattern reach the caller as RpcRemoteError', async () => {
  await startServer();

  await expect(send('fail', {})).rejects.toThrow(new RpcRemoteError('fail', 'no good'));
  const unknown = await send('nope', {}).catch((e: unknown) => e);
  expect(unknown).toBeInstanceOf(RpcRemoteError);
  expect((unknown as Error).message).toContain('no message handler for pattern nope');
});

it('a request past its deadline is acked without being handled', async () => {
  await startServer();
  const id = 'expired-1';
  await redis.xadd(streamKey(), '*', ...requestFields({
    id, pattern: 'echo', data: '{}', replyKey: replyKeyOf(streamKey(), id), deadlineMs: Date.now() - 1,
  }));

  await settledAfter(1);
  expect(seen.echo).toBe(0);
  expect(await redis.exists(replyKeyOf(streamKey(), id))).toBe(0);
});

it('a malformed request, or one naming a foreign reply key, is dropped', async () => {
  await startServer();
  await redis.xadd(streamKey(), '*', 'id', 'x');
  await redis.xadd(streamKey(), '*', ...requestFields({
    id: 'y', pattern: 'echo', data: '{}', replyKey: `${prefix}elsewhere`, deadlineMs: Date.now() + 5_000,
  }));

  await settledAfter(2);
  expect(seen.echo).toBe(0);
  expect(await redis.exists(`${prefix}elsewhere`)).toBe(0);
});

it('close answers the requests in hand before it returns', async () => {
  const app = await startServer();
  const answer = send('slow', 300);
  while (seen.slowStarted === 0) await sleep(5);

  await app.close();

  await expect(answer).resolves.toBe('done');
  expect(await pendingCount()).toBe(0);
});

it('entries a dead replica left pending are claimed and settled', async () => {
  await redis.xgroup('CREATE', streamKey(), CHANNEL, '0', 'MKSTREAM');
  const timedOut = send('echo', { lost: true }, 200);
  // A replica reads the request and dies before answering.
  await sleep(20);
  await redis.xreadgroup('GROUP', CHANNEL, 'dead', 'COUNT', 10, 'STREAMS', streamKey(), '>');
  await expect(timedOut).rejects.toBeInstanceOf(RpcTimeoutError);

  await startServer({ claimIdleMs: 250 });

  await settledAfter(1);
  expect(seen.echo).toBe(0); // claimed past its deadline: acked, not answered
});

it('a request sent while no replica ran is answered by one starting within its timeout', async () => {
  const answer = send('echo', 'early', 2_000);
  await sleep(100);

  await startServer();

  await expect(answer).resolves.toBe('early');
});
