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

/**
 * What XINFO GROUPS reports exactly: the last delivered id and the size of the pending-entries list.
 * Its `lag` and `entries-read` are left out on purpose: they are estimates that drift after Redis
 * restarts from an append-only file rewritten while the group was reading (SPEC §7).
 */
export interface GroupPosition {
  lastDeliveredId: string;
  pending: number;
}

/** Every group of the stream by name; null when the stream does not exist. */
export async function readGroupPositions(redis: Redis, streamKey: string): Promise<Map<string, GroupPosition> | null> {
  let groups: unknown[][];
  try {
    groups = (await redis.call('XINFO', 'GROUPS', streamKey)) as unknown[][];
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return null;
    throw error;
  }
  const positions = new Map<string, GroupPosition>();
  for (const flat of groups) {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(String(flat[i]), flat[i + 1]);
    positions.set(String(fields.get('name')), { lastDeliveredId: String(fields.get('last-delivered-id')), pending: Number(fields.get('pending')) });
  }
  return positions;
}
