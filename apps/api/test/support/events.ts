import { randomUUID } from 'node:crypto';
import { LedgerEvent } from '@cg/domain';

/** A request body: a ledger event, or one bent out of shape by a test. */
export type EventBody = LedgerEvent & Record<string, unknown>;

/** A valid event an hour old (so clock skew never matters), overridable field by field. */
export function anEvent(overrides: Record<string, unknown> = {}): EventBody {
  return {
    event_id: randomUUID(),
    event_type: 'tool.execute',
    occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
    session_id: 'session-1',
    agent_id: 'agent-1',
    trace_id: 'trace-1',
    payload_ref: 'blob://payloads/1',
    payload: { text: 'ran the tool' },
    ...overrides,
  };
}

/** `count` events of one session, a second apart, oldest first. */
export function aSession(count: number, sessionId = `session-${randomUUID().slice(0, 8)}`, overrides: Record<string, unknown> = {}): EventBody[] {
  const start = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, n) => anEvent({
    session_id: sessionId,
    occurred_at: new Date(start + n * 1000).toISOString(),
    payload_ref: `blob://${sessionId}/${n}`,
    payload: { text: `step ${n}` },
    ...overrides,
  }));
}
