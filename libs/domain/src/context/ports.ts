import { PartitionRef } from '../scoping/partition';
import { RankedNode } from './ranking';

/** A ranking frozen when a read's first page was computed, so later pages neither repeat nor skip. */
export interface RankingSnapshot {
  /** What the ranking answers, e.g. `context:<session_id>`; a cursor is refused for another read. */
  subject: string;
  ranked: RankedNode[];
  /** What the read reports about how it found its nodes (e.g. intents, seeds), repeated on every page. */
  meta?: Record<string, unknown>;
}

export interface SnapshotStore {
  save(scope: PartitionRef, id: string, snapshot: RankingSnapshot, ttlMs: number): Promise<void>;
  /** Null when unknown or expired. */
  load(scope: PartitionRef, id: string): Promise<RankingSnapshot | null>;
}
