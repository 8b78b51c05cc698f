import { eventText, MAX_EVENT_TEXT_CHARS } from '../projection/event-text';

/** An event as enrichment may hold it: a stored event (with payload) or its Event node (with text). */
export interface EventTextSource {
  event_type: string;
  tool_name?: string;
  payload?: Record<string, unknown>;
  /** The node's inline text, projection's `eventText` of the payload; read only when there is no payload. */
  text?: string;
}

/**
 * The text enrichment embeds and analyzes: event type and tool name, then the payload text that
 * projection stores on the node, bounded as a whole. Type and tool come first so truncation keeps them.
 */
export function eventEmbeddingText(event: EventTextSource, maxChars = MAX_EVENT_TEXT_CHARS): string {
  const body = event.payload !== undefined ? eventText(event.payload, maxChars) : (event.text ?? '');
  return [event.event_type, event.tool_name?.trim(), body].filter(Boolean).join('\n').slice(0, maxChars);
}

/** The text enrichment embeds, analyzes and indexes for a Summary node: its summary text, bounded like an event's. */
export function summaryEmbeddingText(summary: { summary?: string }, maxChars = MAX_EVENT_TEXT_CHARS): string {
  return (summary.summary ?? '').trim().slice(0, maxChars);
}
