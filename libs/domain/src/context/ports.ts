import { Clock } from '../clock';
import { PartitionRef } from '../scoping/partition';
import { ScoringParams } from '../scoring/score';
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

/** What every ranked, paged read (context, subgraph, lineage) needs besides its own ports. */
export interface RankedReadDeps {
  snapshots: SnapshotStore;
  clock: Clock;
  scoring: ScoringParams;
  snapshotTtlMs: number;
  accessBumpIntervalMs: number;
  newId: () => string;
  /** Told about a failed access bump; the read itself never fails because of one. */
  onBackgroundError: (error: unknown) => void;
  /** Test hook: awaited before each traversal step, to make a walk slow on purpose. */
  beforeExpand?: () => Promise<void>;
}
