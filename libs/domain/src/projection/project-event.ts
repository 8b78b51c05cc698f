import { StoredEvent } from '../events/event';
import { parseInstant } from '../events/time';
import { sessionOrderKey } from '../ledger/order';
import { ProjectedEventNode } from '../graph/model';
import { eventText } from './event-text';

/** Importance when neither the producer nor a rule says otherwise (SPEC §6). */
export const DEFAULT_IMPORTANCE = 5;

export interface EventProjection {
  node: ProjectedEventNode;
  orderKey: string;
}

/** Stage 1 transform: a stored event → its Event node and its place in the session order. */
export function projectEvent(event: StoredEvent): EventProjection {
  const occurredMs = parseInstant(event.occurred_at) ?? 0;
  const node: ProjectedEventNode = {
    id: event.event_id,
    node_type: 'Event',
    event_type: event.event_type,
    session_id: event.session_id,
    agent_id: event.agent_id,
    trace_id: event.trace_id,
    occurred_at: event.occurred_at,
    occurred_ms: occurredMs,
    global_position: event.global_position,
    ingested_at: event.ingested_at,
    payload_ref: event.payload_ref,
    importance_score: event.importance_hint ?? DEFAULT_IMPORTANCE,
  };
  const text = eventText(event.payload);
  if (text) node.text = text;
  if (event.tool_name !== undefined) node.tool_name = event.tool_name;
  if (event.status !== undefined) node.status = event.status;
  if (event.parent_event_id !== undefined) node.parent_event_id = event.parent_event_id;
  if (event.ended_at !== undefined) node.ended_at = event.ended_at;
  if (event.importance_hint !== undefined) node.importance_hint = event.importance_hint;
  return { node, orderKey: sessionOrderKey(occurredMs, event.global_position, event.event_id) };
}

/** `FOLLOWS.delta_ms`: how long after its predecessor an event occurred. */
export function followsDeltaMs(occurredMs: number, previousOccurredMs: number): number {
  return occurredMs - previousOccurredMs;
}
