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
