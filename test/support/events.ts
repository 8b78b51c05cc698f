import { randomUUID } from 'node:crypto';
import { LedgerEvent } from '@cg/domain';

export type TestEvent = LedgerEvent & { payload: { text: string } };

/**
 * `sessions` sessions of `perSession` events each, a second apart; every fourth event is caused by
 * the one two steps before it, so causal edges skip over FOLLOWS neighbours.
 */
export function conversation(sessions: number, perSession: number, agentId = 'agent-e2e', start = Date.now() - 3_600_000): TestEvent[] {
  const runId = randomUUID().slice(0, 8);
  const events: TestEvent[] = [];
  for (let s = 0; s < sessions; s++) {
    const sessionEvents: TestEvent[] = [];
    for (let n = 0; n < perSession; n++) {
      const event: TestEvent = {
        event_id: randomUUID(),
        event_type: n % 2 ? 'tool.execute' : 'agent.invoke',
        occurred_at: new Date(start + s * 7 + n * 1000).toISOString(),
        session_id: `session-${runId}-${s}`,
        agent_id: agentId,
        trace_id: `trace-${s}`,
        payload_ref: `blob://${s}/${n}`,
        payload: { text: `session ${s} step ${n}` },
      };
      if (n % 4 === 3) event.parent_event_id = sessionEvents[n - 2].event_id;
      sessionEvents.push(event);
    }
    events.push(...sessionEvents);
  }
  return events;
}

/** A deterministic shuffle, so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed = 42): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The edges a correct projection must produce for these events, as `TYPE source->target`. */
export function expectedEdges(events: TestEvent[]): Map<string, string[]> {
  const bySession = new Map<string, TestEvent[]>();
  for (const e of events) bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), e]);
  const result = new Map<string, string[]>();
  for (const [session, list] of bySession) {
    const ordered = [...list].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
    const edges = ordered.flatMap((e, i) => [
      ...(i > 0 ? [`FOLLOWS ${e.event_id}->${ordered[i - 1].event_id}`] : []),
      ...(e.parent_event_id ? [`CAUSED_BY ${e.event_id}->${e.parent_event_id}`] : []),
    ]);
    result.set(session, edges.sort());
  }
  return result;
}
