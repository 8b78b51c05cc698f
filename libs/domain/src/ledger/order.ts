/**
 * Sort key of an event within its session: `occurred_at`, then global position, then id — as a
 * fixed-width string so a lexicographic index (a Redis sorted set read BYLEX) keeps that order.
 */
const EPOCH_SHIFT_MS = 62_135_596_800_000; // year 1 → 0, so every RFC 3339 year sorts as a positive number

export function sessionOrderKey(occurredMs: number, globalPosition: string, eventId: string): string {
  const [ms, seq = '0'] = globalPosition.split('-');
  return [occurredOrderPrefix(occurredMs), pad(Number(ms), 15), pad(Number(seq), 10), eventId].join(':');
}

/**
 * The `occurred_at` part alone: the ledger script appends position and id itself, since the position
 * is only known inside the script (it formats them exactly as above: `%015d:%010d:<id>`).
 */
export function occurredOrderPrefix(occurredMs: number): string {
  return pad(occurredMs + EPOCH_SHIFT_MS, 16);
}

export function eventIdOfOrderKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
