import { StageDefinition } from '../pipeline/stages';
import { PartitionRef } from '../scoping/partition';
import { LedgerEvent, StoredEvent } from '../events/event';

export type AppendStatus = 'accepted' | 'duplicate' | 'conflict';

export interface AppendResult {
  event_id: string;
  /** The entry id the event got in its partition's global stream; null when refused. */
  global_position: string | null;
  status: AppendStatus;
  /** Why a conflict was refused: same id with other content, or a session owned by another agent. */
  conflict?: 'content' | 'session';
}

/**
 * Redis failed part-way through a batch (each event is written atomically on its own, so some may
 * be in): `results[i]` is what event i got, null where its write failed — or its outcome is unknown.
 */
export class PartialAppendError extends Error {
  constructor(readonly results: (AppendResult | null)[], readonly cause: Error) {
    super(`ledger append failed: ${cause.message}`);
    this.name = 'PartialAppendError';
  }
}

export interface SessionPage {
  events: StoredEvent[];
  /** Opaque cursor for the next page, null at the end. */
  next: string | null;
}

/** The event ledger: append-only, deduplicated, the source of truth (SPEC §4). */
export interface EventLedger {
  /** Writes each event atomically on its own, all in one round trip, results in input order. */
  append(tenant: string, events: LedgerEvent[], ingestedAt: number): Promise<AppendResult[]>;
  get(tenant: string, eventId: string): Promise<StoredEvent | null>;
  /** A session's events by `occurred_at`, then position. */
  sessionEvents(tenant: string, sessionId: string, limit: number, cursor?: string): Promise<SessionPage>;
}

/** Stream entries trimmed from one stage stream, and what held older ones back. */
export interface TrimmedStream {
  stream: string;
  trimmed: number;
  /** A reader group that is missing or still needs older entries. */
  heldBy?: string;
}

/** Ledger retention (SPEC §4): stage streams trimmed past the hot window, documents expired at the ceiling. */
export interface LedgerRetentionStore {
  /** Trims each stage's stream to entries from `beforeMs` on, never one its group has not acknowledged or read. */
  trimStreams(scope: PartitionRef, stages: StageDefinition[], beforeMs: number): Promise<TrimmedStream[]>;
  /** Deletes up to `limit` documents ingested before `beforeMs` with what recognises their repeats; the ids. */
  expireDocuments(scope: PartitionRef, beforeMs: number, limit: number): Promise<string[]>;
}
