/**
 * Sort key of an event within its session: `occurred_at`, then global position, then id — as a
 * fixed-width string so a lexicographic index (a Redis sorted set read BYLEX) keeps that order.
 */
export const ORDER_EPOCH_SHIFT_MS = 62_135_596_800_000; // year 1 → 0, so every RFC 3339 year sorts as a positive number
/** Widths of an order key's fixed fields: occurred prefix, position ms, position sequence; the id follows. */
export const ORDER_PREFIX_WIDTH = 16;
export const ORDER_POSITION_WIDTHS = [15, 10] as const;
/** Length of an order key before its event id (three fields and their `:`), so ids are read by offset, never by splitting. */
export const ORDER_KEY_ID_OFFSET = ORDER_PREFIX_WIDTH + ORDER_POSITION_WIDTHS[0] + ORDER_POSITION_WIDTHS[1] + 3;

export function sessionOrderKey(occurredMs: number, globalPosition: string, eventId: string): string {
  const [ms, seq = '0'] = globalPosition.split('-');
  return [occurredOrderPrefix(occurredMs), pad(Number(ms), ORDER_POSITION_WIDTHS[0]), pad(Number(seq), ORDER_POSITION_WIDTHS[1]), eventId].join(':');
}

/**
 * The `occurred_at` part alone: the ledger script appends position and id itself, since the position
 * is only known inside the script (it formats them exactly as above: `%015d:%010d:<id>`).
 */
export function occurredOrderPrefix(occurredMs: number): string {
  return pad(occurredMs + ORDER_EPOCH_SHIFT_MS, ORDER_PREFIX_WIDTH);
}

export function eventIdOfOrderKey(key: string): string {
  return key.slice(ORDER_KEY_ID_OFFSET);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
