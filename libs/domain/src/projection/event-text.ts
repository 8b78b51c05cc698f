/** Payload fields that carry an event's text, in the order they are read. */
const TEXT_FIELDS = ['text', 'content', 'message', 'input', 'output'] as const;
export const MAX_EVENT_TEXT_CHARS = 4000;

/** The text an event carries inline, bounded; empty when its payload holds none. */
export function eventText(payload: Record<string, unknown> | undefined, maxChars = MAX_EVENT_TEXT_CHARS): string {
  if (!payload) return '';
  const parts: string[] = [];
  for (const field of TEXT_FIELDS) {
    const value = payload[field];
    if (typeof value === 'string' && value.trim()) parts.push(value.trim());
    else if (value !== undefined && value !== null && typeof value === 'object') parts.push(JSON.stringify(value));
  }
  return parts.join('\n').slice(0, maxChars);
}
