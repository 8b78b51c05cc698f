import Redis from 'ioredis';
import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';
import { KeySpace } from '../keys';
import { entryIdMs } from './entries';

/** Page size when lag has to be counted by hand (Redis reports it as nil after deletions). */
const LAG_COUNT_PAGE = 1_000;

/**
 * One `GET /v1/admin/pipeline` row (SPEC §7) for a stage in one partition. Before the stream exists
 * everything is 0 and `last_delivered_id` is "0-0"; before the group exists every entry counts as
 * lag. Numbers are never null.
 */
export async function readStageStatus(redis: Redis, keys: KeySpace, scope: PartitionRef, stage: StageDefinition): Promise<StageStatus> {
  const k = keys.of(scope);
  const streamKey = k.stream(stage.stream);
  const [groups, deadLettered] = await Promise.all([
    redis.call('XINFO', 'GROUPS', streamKey).catch(noSuchKey) as Promise<unknown[][] | null>,
    redis.xlen(k.deadLetters(stage.stream)),
  ]);
  const info = (groups ?? []).map(toRecord).find((g) => g.name === stage.group);
  const status: StageStatus = {
    stage: stage.stage, stream: stage.stream, group: stage.group,
    lag: 0, pending: 0, dead_lettered: deadLettered, last_delivered_id: '0-0', seconds_behind: 0,
  };
  if (info) {
    status.last_delivered_id = String(info['last-delivered-id']);
    status.pending = Number(info.pending);
    status.lag = info.lag === null || info.lag === undefined
      ? await countAfter(redis, streamKey, status.last_delivered_id)
      : Number(info.lag);
  } else if (groups) {
    // The stream has entries but its stage has never started: all of them are waiting.
    status.lag = await redis.xlen(streamKey);
  }
  if (status.lag === 0 && status.pending === 0) return status;

  const oldest = await oldestUnfinished(redis, streamKey, stage.group, status);
  if (oldest !== null) {
    const [seconds, micros] = await redis.time();
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    status.seconds_behind = Math.max(0, nowMs - entryIdMs(oldest)) / 1000;
  }
  return status;
}

/** Pending entries are older than anything undelivered, so the oldest pending id wins when there is one. */
async function oldestUnfinished(redis: Redis, streamKey: string, group: string, status: StageStatus): Promise<string | null> {
  if (status.pending > 0) {
    const [, smallest] = (await redis.call('XPENDING', streamKey, group)) as [number, string | null];
    if (smallest) return smallest;
  }
  const [first] = await redis.xrange(streamKey, `(${status.last_delivered_id}`, '+', 'COUNT', 1);
  return first ? first[0] : null;
}

/** Counts entries after `afterId`, a page at a time. */
async function countAfter(redis: Redis, streamKey: string, afterId: string): Promise<number> {
  let count = 0;
  let cursor = afterId;
  for (;;) {
    const page = await redis.xrange(streamKey, `(${cursor}`, '+', 'COUNT', LAG_COUNT_PAGE);
    count += page.length;
    if (page.length < LAG_COUNT_PAGE) return count;
    cursor = page[page.length - 1][0];
  }
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

function noSuchKey(error: Error): null {
  if (/no such key/i.test(error.message)) return null;
  throw error;
}
