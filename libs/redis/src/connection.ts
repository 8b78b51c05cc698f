import Redis from 'ioredis';

/**
 * A Redis client that fails fast instead of queueing while disconnected, so callers can answer
 * 503 rather than hang; it keeps reconnecting in the background.
 */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** Connects, or throws an error that says where Redis was expected. */
export async function connectRedis(client: Redis, url: string): Promise<void> {
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`Cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}`);
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
