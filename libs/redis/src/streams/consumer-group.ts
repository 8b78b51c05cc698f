import Redis from 'ioredis';

/**
 * Creates the group at the start of the stream (id 0, so nothing written before the first worker
 * started is skipped), creating the stream if needed; an existing group is left as it is.
 */
export async function ensureGroup(redis: Redis, streamKey: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', streamKey, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).startsWith('BUSYGROUP')) throw error;
  }
}
