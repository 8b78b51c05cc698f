import Redis from 'ioredis';
import { PartitionRef, RankingSnapshot, SnapshotStore } from '@cg/domain';
import { KeySpace } from '../keys';

/** Ranking snapshots behind page cursors, expiring on their own. */
export class RedisSnapshotStore implements SnapshotStore {
  constructor(private readonly redis: Redis, private readonly keys: KeySpace) {}

  async save(scope: PartitionRef, id: string, snapshot: RankingSnapshot, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.of(scope).snapshot(id), JSON.stringify(snapshot), 'PX', ttlMs);
  }

  async load(scope: PartitionRef, id: string): Promise<RankingSnapshot | null> {
    const json = await this.redis.get(this.keys.of(scope).snapshot(id));
    return json ? (JSON.parse(json) as RankingSnapshot) : null;
  }
}
