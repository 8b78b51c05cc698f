import Redis from 'ioredis';

/** SPEC §10: a Redis command that gets no answer fails within this (`REDIS_COMMAND_TIMEOUT_MS`). */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** The message of ioredis's error for a command Redis did not answer within the command timeout. */
export const COMMAND_TIMED_OUT = 'Command timed out';

/**
 * A Redis client that fails fast instead of queueing while disconnected, and fails a command Redis
 * does not answer within `commandTimeoutMs` (a frozen server keeps the socket open, so nothing else
 * would), so callers can answer 503 rather than hang; it keeps reconnecting in the background.
 */
export function createRedis(url: string, name: string, commandTimeoutMs = DEFAULT_REDIS_COMMAND_TIMEOUT_MS): Redis {
  return new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/**
 * A dedicated connection, not yet connected, for blocking reads of up to `blockMs` (XREADGROUP
 * BLOCK, BLPOP). ioredis applies `commandTimeout` to every command, blocking ones included, so a
 * plain duplicate would fail every read that waits its full block time; this one allows the block
 * time plus the source's command timeout: normal reads finish, a frozen Redis still fails them.
 */
export function blockingConnection(source: Redis, blockMs: number, connectionName: string): Redis {
  const { commandTimeout } = source.options;
  return source.duplicate({ connectionName, lazyConnect: true, commandTimeout: commandTimeout === undefined ? undefined : blockMs + commandTimeout });
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
