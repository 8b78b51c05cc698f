import Redis from 'ioredis';
import { LedgerRetentionStore, parseInstant, PartitionRef, sessionOrderKey, StageDefinition, TrimmedStream } from '@cg/domain';
import { KeySpace } from '../keys';
import { readGroupPositions } from '../streams/consumer-group';
import { compareEntryIds } from '../streams/entries';
import { execOrThrow } from '../streams/transaction';

/**
 * Ledger retention (SPEC §4) for one partition: stage streams lose entries older than the hot
 * window — never one a reader group has not acknowledged or not yet read — and event documents
 * past the retention ceiling leave with their dedup entry, session index member and session
 * stream entry, so a repeat is recognised exactly as long as the event is kept.
 */
export class LedgerRetention implements LedgerRetentionStore {
  constructor(private readonly redis: Redis, private readonly keys: KeySpace) {}

  /** Trims each stage's stream to entries from `beforeMs` on, or to what its group still needs. */
  async trimStreams(scope: PartitionRef, stages: StageDefinition[], beforeMs: number): Promise<TrimmedStream[]> {
    const k = this.keys.of(scope);
    const results: TrimmedStream[] = [];
    for (const stream of [...new Set(stages.map((s) => s.stream))]) {
      const key = k.stream(stream);
      const readers = stages.filter((s) => s.stream === stream).map((s) => s.group);
      const floor = await this.oldestNeeded(key, readers);
      const cutoff = `${Math.max(0, Math.floor(beforeMs))}-0`;
      if (floor.id === null) {
        results.push({ stream, trimmed: 0, heldBy: floor.heldBy });
        continue;
      }
      const minId = compareEntryIds(floor.id, cutoff) < 0 ? floor.id : cutoff;
      const trimmed = (await this.redis.xtrim(key, 'MINID', minId)) as number;
      results.push({ stream, trimmed, ...(minId === floor.id && floor.heldBy ? { heldBy: floor.heldBy } : {}) });
    }
    return results;
  }

  /**
   * Deletes up to `limit` event documents ingested before `beforeMs`, oldest first, with what
   * recognises their repeats. Returns the ids deleted.
   */
  async expireDocuments(scope: PartitionRef, beforeMs: number, limit: number): Promise<string[]> {
    const k = this.keys.of(scope);
    const ids = await this.redis.zrangebyscore(k.dedup, '-inf', `(${beforeMs}`, 'LIMIT', 0, limit);
    if (!ids.length) return [];
    const read = this.redis.pipeline();
    for (const id of ids) read.hmget(k.event(id), 'event', 'global_position');
    const docs = (await execOrThrow(read)) as (string | null)[][];
    const tx = this.redis.multi();
    ids.forEach((id, i) => {
      const [json, position] = docs[i];
      tx.del(k.event(id)).zrem(k.dedup, id);
      if (!json || !position) return;
      const event = JSON.parse(json) as { session_id: string; occurred_at: string };
      tx.zrem(k.sessionOrder(event.session_id), sessionOrderKey(parseInstant(event.occurred_at) ?? 0, position, id));
      tx.xdel(k.sessionStream(event.session_id), position);
    });
    await execOrThrow(tx);
    return ids;
  }

  /**
   * The oldest entry any reader still needs: its oldest pending entry, or the first it has not read.
   * `null` (with the reason) when a reader group does not exist yet, since it would read from the start.
   */
  private async oldestNeeded(key: string, groups: string[]): Promise<{ id: string | null; heldBy?: string }> {
    const info = await readGroupPositions(this.redis, key);
    if (!info) return { id: null, heldBy: 'no stream' };
    let floor: { id: string; heldBy?: string } = { id: '18446744073709551615-18446744073709551615' };
    for (const group of groups) {
      const state = info.get(group);
      if (!state) return { id: null, heldBy: group };
      let needed = nextId(state.lastDeliveredId);
      if (state.pending > 0) {
        const [[oldest]] = (await this.redis.xpending(key, group, '-', '+', 1)) as [string, ...unknown[]][];
        if (compareEntryIds(oldest, needed) < 0) needed = oldest;
      }
      if (compareEntryIds(needed, floor.id) < 0) floor = { id: needed, heldBy: group };
    }
    return floor;
  }
}

function nextId(id: string): string {
  const [ms, seq] = id.split('-').map(BigInt);
  return `${ms}-${seq + 1n}`;
}

