const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an RFC 3339 timestamp with zone, or null when it is not one. */
export function parseInstant(value: string): number | null {
  if (!RFC3339.test(value)) return null;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The instant as a UTC string that keeps every fractional digit, so two spellings of one instant
 * compare equal and two instants a microsecond apart do not.
 */
export function canonicalInstant(value: string): string {
  if (CANONICAL.test(value)) return value; // already UTC with no trailing zeros: the common case
  const match = /^(.*?:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value.replace(' ', 'T'));
  if (!match) return value;
  const [, whole, fraction = '', zone] = match;
  const seconds = Date.parse(whole + zone.toUpperCase());
  if (Number.isNaN(seconds)) return value;
  const digits = fraction.slice(1).replace(/0+$/, '');
  return new Date(seconds).toISOString().slice(0, 19) + (digits ? `.${digits}` : '') + 'Z';
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
