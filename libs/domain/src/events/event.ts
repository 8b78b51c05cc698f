export const EVENT_STATUSES = ['pending', 'running', 'completed', 'failed', 'timeout'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** An event as the ledger keeps it: the envelope of SPEC §3 with UUIDs lowercased. */
export interface LedgerEvent {
  event_id: string;
  event_type: string;
  occurred_at: string;
  session_id: string;
  agent_id: string;
  trace_id: string;
  payload_ref: string;
  payload?: Record<string, unknown>;
  tool_name?: string;
  parent_event_id?: string;
  ended_at?: string;
  status?: EventStatus;
  schema_version?: number;
  importance_hint?: number;
}

/** A stored event as read back: the envelope plus what the ledger recorded. */
export interface StoredEvent extends LedgerEvent {
  global_position: string;
  ingested_at: string;
}
