const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-]\d{2}):(\d{2}))$/;
const FORMAT_PROBLEM = 'must be an RFC 3339 timestamp with a zone, e.g. 2024-01-31T12:00:00Z';

/** Epoch milliseconds of an RFC 3339 timestamp with zone naming a real instant, or null when it is not one. */
export function parseInstant(value: string): number | null {
  return instantProblem(value) === null ? Date.parse(value.replace(' ', 'T')) : null;
}

/**
 * Why `value` is not an RFC 3339 timestamp with a zone naming a real instant, or null when it is
 * one. `Date.parse` rolls impossible dates over (2026-02-30 becomes 2 March, 24:00 the next day), so
 * every part is range-checked first. Leap seconds (`:60`) are refused: time here, as in ECMAScript
 * and POSIX, has none, so 23:59:60 could only be stored as another instant.
 */
export function instantProblem(value: string): string | null {
  const match = RFC3339.exec(value);
  if (!match) return FORMAT_PROBLEM;
  const problem = rangeProblem(match);
  return problem && `must be a real date and time: ${problem}`;
}

function rangeProblem(match: RegExpExecArray): string | null {
  const [, year, month, , hour, minute, second, offsetHours, offsetMinutes] = match;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12) return `month ${month} does not exist`;
  if (d < 1 || d > daysInMonth(y, mo)) return `${year}-${month} has ${daysInMonth(y, mo)} days`;
  if (h > 23) return `hour ${hour} does not exist (midnight is 00:00 of the next day)`;
  if (mi > 59) return `minute ${minute} does not exist`;
  if (s > 59) return `second ${second} does not exist (leap seconds are not accepted)`;
  if (offsetHours !== undefined && (Math.abs(Number(offsetHours)) > 23 || Number(offsetMinutes) > 59)) {
    return `offset ${offsetHours}:${offsetMinutes} is out of range (-23:59 to +23:59)`;
  }
  return null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
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
