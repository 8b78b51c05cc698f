import { FieldError } from '../errors';
import { LedgerEvent } from './event';
import { parseInstant } from './time';

/** Envelope rules of SPEC §3 that the DTO layer references, so both sides share one definition. */
export const EVENT_RULES = {
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  eventType: /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/,
  eventTypeMaxLength: 128,
  scopeId: /^[A-Za-z0-9._:@/-]{1,256}$/,
  importanceHint: { min: 1, max: 10 },
  maxFutureSkewMs: 5 * 60_000,
} as const;

export interface EventLimits {
  /** Largest inline payload, as serialized UTF-8 bytes. */
  maxPayloadBytes: number;
}

/**
 * Rules that need more than one field or the current time. Field formats are checked first by the
 * API's DTOs; these run on events whose formats already passed.
 */
export function checkEventRules(event: LedgerEvent, now: number, limits: EventLimits): FieldError[] {
  const errors: FieldError[] = [];
  const occurred = parseInstant(event.occurred_at);
  if (occurred === null) {
    errors.push({ field: 'occurred_at', message: 'must be an RFC 3339 timestamp with a zone' });
  } else if (occurred > now + EVENT_RULES.maxFutureSkewMs) {
    errors.push({ field: 'occurred_at', message: 'must not be more than 5 minutes in the future' });
  }
  if (event.ended_at !== undefined) {
    const ended = parseInstant(event.ended_at);
    if (ended === null) errors.push({ field: 'ended_at', message: 'must be an RFC 3339 timestamp with a zone' });
    else if (occurred !== null && ended < occurred) {
      errors.push({ field: 'ended_at', message: 'must not be before occurred_at' });
    }
  }
  if (event.payload !== undefined) {
    const bytes = utf8Length(JSON.stringify(event.payload));
    if (bytes > limits.maxPayloadBytes) {
      errors.push({ field: 'payload', message: `must be at most ${limits.maxPayloadBytes} bytes serialized (got ${bytes})` });
    }
  }
  return errors;
}

/** UTF-8 byte length of a string, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3; // BMP, or a lone surrogate (encoded as U+FFFD)
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
