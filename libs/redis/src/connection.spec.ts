import Redis from 'ioredis';
import { blockingConnection, connectRedis, createRedis } from './connection';
import { testRedisUrl, uniqueTestPrefix } from './testing';

const COMMAND_TIMEOUT_MS = 200;
const BLOCK_MS = 600;

const opened: Redis[] = [];

async function client(): Promise<Redis> {
  const redis = createRedis(testRedisUrl(), 'connection-spec', COMMAND_TIMEOUT_MS);
  opened.push(redis);
  await connectRedis(redis, testRedisUrl());
  return redis;
}

// Disconnected, not quit: a timed-out BLPOP may still hold the connection on the server side.
afterEach(() => opened.splice(0).forEach((redis) => redis.disconnect()));

describe('command timeouts', () => {
  it('apply to blocking commands too, so a blocking read needs a connection of its own', async () => {
    // ioredis gives up on its side; Redis would have answered null once the block time passed.
    await expect((await client()).blpop(`${uniqueTestPrefix()}list`, BLOCK_MS / 1000)).rejects.toThrow('Command timed out');
  });

  it('allow a blocking connection its block time plus the command timeout', async () => {
    const blocking = blockingConnection(await client(), BLOCK_MS, 'connection-spec:blocking');
    opened.push(blocking);
    expect(blocking.options).toMatchObject({ commandTimeout: BLOCK_MS + COMMAND_TIMEOUT_MS, lazyConnect: true, connectionName: 'connection-spec:blocking' });
    await blocking.connect();
    const started = Date.now();
    expect(await blocking.call('XREAD', 'BLOCK', BLOCK_MS, 'STREAMS', `${uniqueTestPrefix()}stream`, '$')).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(BLOCK_MS - 50);
  });
});
