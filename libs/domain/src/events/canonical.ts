import { LedgerEvent } from './event';
import { canonicalInstant } from './time';

const DEFAULT_SCHEMA_VERSION = 1;

/** The event as stored: as ingested, with its UUIDs lowercased (SPEC §3). */
export function normalizeEvent(event: LedgerEvent): LedgerEvent {
  const normalized: LedgerEvent = { ...event, event_id: event.event_id.toLowerCase() };
  if (event.parent_event_id !== undefined) normalized.parent_event_id = event.parent_event_id.toLowerCase();
  return normalized;
}

/**
 * The string two events are compared on to tell a duplicate from a conflict: keys sorted, UUIDs
 * lowercased, timestamps as instants, defaults applied.
 */
export function contentFingerprint(event: LedgerEvent): string {
  const normalized = normalizeEvent(event);
  const comparable: Record<string, unknown> = {
    ...normalized,
    occurred_at: canonicalInstant(normalized.occurred_at),
    schema_version: normalized.schema_version ?? DEFAULT_SCHEMA_VERSION,
  };
  if (normalized.ended_at !== undefined) comparable.ended_at = canonicalInstant(normalized.ended_at);
  return stableStringify(comparable);
}

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value)) ?? 'null';
}

function sortKeysDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) sorted[key] = sortKeysDeep(source[key]);
  return sorted;
}
