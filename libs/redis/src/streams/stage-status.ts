import Redis from 'ioredis';
import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';
import { KeySpace } from '../keys';
import { readGroupPositions } from './consumer-group';
import { compareEntryIds, entryIdMs } from './entries';

/** Entries fetched per XRANGE while counting what a group has not been delivered yet. */
const LAG_COUNT_PAGE = 1_000;

export interface StageStatusOptions {
  /**
   * Stop counting once the backlog (lag + pending) is past this: `lag` is then a lower bound, enough
   * for a caller that only asks "is the backlog over N?" without paging through all of it.
   */
  countUpTo?: number;
}

type Entry = [string, string[]];

/**
 * One `GET /v1/admin/pipeline` row (SPEC §7) for a stage in one partition, from stream positions:
 * `lag` counts the entries after the group's last delivered id, `pending` is its pending-entries
 * list. XINFO's own `lag` is never used: it is derived from a read counter that a restart from a
 * rewritten append-only file leaves behind, so it can stay thousands too high with nothing to do.
 * Before the stream exists everything is 0 and `last_delivered_id` is "0-0"; before the group exists
 * every entry counts as lag. At rest this is one round trip.
 */
export async function readStageStatus(
  redis: Redis, keys: KeySpace, scope: PartitionRef, stage: StageDefinition, options: StageStatusOptions = {},
): Promise<StageStatus> {
  const k = keys.of(scope);
  const streamKey = k.stream(stage.stream);
  // Issued together, so ioredis sends them in one write and Redis answers them in one go.
  const [groups, deadLettered, length, first, last] = await Promise.all([
    readGroupPositions(redis, streamKey),
    redis.xlen(k.deadLetters(stage.stream)),
    redis.xlen(streamKey),
    redis.xrange(streamKey, '-', '+', 'COUNT', 1) as Promise<Entry[]>,
    redis.xrevrange(streamKey, '+', '-', 'COUNT', 1) as Promise<Entry[]>,
  ]);
  const group = groups?.get(stage.group);
  const status: StageStatus = {
    stage: stage.stage, stream: stage.stream, group: stage.group,
    lag: 0, pending: group?.pending ?? 0, dead_lettered: deadLettered, last_delivered_id: group?.lastDeliveredId ?? '0-0', seconds_behind: 0,
  };
  const ends = length > 0 ? { length, firstId: first[0][0], lastId: last[0][0] } : null;
  const cap = options.countUpTo === undefined ? Infinity : Math.max(0, options.countUpTo - status.pending + 1);
  const undelivered = await countAfter(redis, streamKey, status.last_delivered_id, ends, cap);
  status.lag = undelivered.count;
  if (status.lag === 0 && status.pending === 0) return status;

  const oldest = (status.pending > 0 ? await oldestPending(redis, streamKey, stage.group) : null) ?? undelivered.oldestId;
  if (oldest !== null) {
    const [seconds, micros] = await redis.time();
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    status.seconds_behind = Math.max(0, nowMs - entryIdMs(oldest)) / 1000;
  }
  return status;
}

interface Undelivered {
  count: number;
  oldestId: string | null;
}

/**
 * Entries after `afterId` (stopping once `cap` are counted), and the first of them. Free when the
 * group is caught up (nothing after the last entry) or has read nothing still in the stream (the
 * stream was trimmed past it, or the group is new): then every entry counts.
 */
async function countAfter(
  redis: Redis, streamKey: string, afterId: string, ends: { length: number; firstId: string; lastId: string } | null, cap: number,
): Promise<Undelivered> {
  if (!ends || compareEntryIds(afterId, ends.lastId) >= 0) return { count: 0, oldestId: null };
  if (compareEntryIds(afterId, ends.firstId) < 0) return { count: ends.length, oldestId: ends.firstId };
  let count = 0;
  let oldestId: string | null = null;
  let cursor = afterId;
  while (count < cap) {
    const want = Math.min(LAG_COUNT_PAGE, cap - count);
    const page = (await redis.xrange(streamKey, `(${cursor}`, '+', 'COUNT', want)) as Entry[];
    if (!page.length) break;
    oldestId ??= page[0][0];
    count += page.length;
    if (page.length < want) break;
    cursor = page[page.length - 1][0];
  }
  return { count, oldestId };
}

/** Pending entries are older than anything undelivered, so the oldest of them is how far behind the stage is. */
async function oldestPending(redis: Redis, streamKey: string, group: string): Promise<string | null> {
  const [, smallest] = (await redis.call('XPENDING', streamKey, group)) as [number, string | null];
  return smallest;
}
