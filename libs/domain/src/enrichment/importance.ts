import { EVENT_RULES } from '../events/rules';

/** The envelope fields importance reads; a LedgerEvent or an EventNode fits. */
export interface ImportanceEvent {
  event_type: string;
  status?: string;
  importance_hint?: number;
}

export interface ImportanceSignals {
  /** Entities the event references. */
  entityCount?: number;
  /** The event's text (see `eventEmbeddingText`). */
  text?: string;
}

/** Base by `event_type` namespace: what people and agents say outranks machinery. */
const NAMESPACE_BASE: Record<string, number> = { user: 6, agent: 5, tool: 4, system: 2 };
const OTHER_NAMESPACE_BASE = 4;
const FAILURE_STATUSES = new Set(['failed', 'timeout']);
const ERROR_WORDS = /\b(errors?|exceptions?|fail(ed|ure|ing)?|fatal|panic(ked)?|crash(ed|es)?|traceback|timed? ?out)\b/i;
const LONG_TEXT_CHARS = 1000;

/**
 * Importance 1–10 (SPEC §6, §9). The producer's `importance_hint` wins (rounded, clamped). Otherwise:
 *
 * | rule                                   | effect |
 * |----------------------------------------|--------|
 * | namespace `user.*`                     | base 6 |
 * | namespace `agent.*`                    | base 5 |
 * | namespace `tool.*`                     | base 4 |
 * | namespace `system.*`                   | base 2 |
 * | any other namespace                    | base 4 |
 * | `status` failed or timeout             | +3     |
 * | 1–2 entities referenced                | +1     |
 * | 3 or more entities referenced          | +2     |
 * | text names an error (error, exception, failed, fatal, panic, crash, traceback, timeout) | +2 |
 * | text of 1000 characters or more        | +1     |
 * | no text at all                         | −1     |
 *
 * The sum is clamped to 1–10.
 */
export function importanceOf(event: ImportanceEvent, signals: ImportanceSignals = {}): number {
  if (event.importance_hint !== undefined) return clampImportance(event.importance_hint);
  const namespace = event.event_type.split('.')[0];
  let score = NAMESPACE_BASE[namespace] ?? OTHER_NAMESPACE_BASE;
  if (event.status && FAILURE_STATUSES.has(event.status)) score += 3;
  const entities = signals.entityCount ?? 0;
  if (entities >= 3) score += 2;
  else if (entities >= 1) score += 1;
  const text = signals.text?.trim() ?? '';
  if (!text) score -= 1;
  else {
    if (ERROR_WORDS.test(text)) score += 2;
    if (text.length >= LONG_TEXT_CHARS) score += 1;
  }
  return clampImportance(score);
}

function clampImportance(value: number): number {
  const { min, max } = EVENT_RULES.importanceHint;
  return Math.min(max, Math.max(min, Math.round(value)));
}
