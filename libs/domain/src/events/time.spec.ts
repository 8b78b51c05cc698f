import { instantProblem, parseInstant } from './time';

describe('parseInstant', () => {
  it('reads RFC 3339 timestamps with a zone, offsets and fractions included', () => {
    expect(parseInstant('2026-11-26T12:00:00+01:00')).toBe(Date.parse('2026-11-26T11:00:00Z'));
    expect(parseInstant('2026-11-26 11:00:00.123456z')).toBe(Date.parse('2026-11-26T11:00:00.123Z'));
    expect(parseInstant('2026-11-26T11:00:00-23:59')).toBe(Date.parse('2026-11-27T10:59:00Z'));
    expect(parseInstant('2026-12-31T23:59:59Z')).toBe(Date.parse('2026-12-31T23:59:59Z'));
  });

  it('knows leap years: 29 February exists in 2024 and 2000, not in 2025 or 1900', () => {
    expect(parseInstant('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10));
    expect(parseInstant('2000-02-29T10:00:00Z')).toBe(Date.UTC(2000, 1, 29, 10));
    expect(parseInstant('2025-02-29T10:00:00Z')).toBeNull();
    expect(parseInstant('1900-02-29T10:00:00Z')).toBeNull();
  });

  it.each([
    ['2026-02-30T10:00:00Z', '2026-02 has 28 days'],
    ['2026-04-31T10:00:00Z', '2026-04 has 30 days'],
    ['2026-01-00T10:00:00Z', '2026-01 has 31 days'],
    ['2026-13-01T10:00:00Z', 'month 13 does not exist'],
    ['2026-00-01T10:00:00Z', 'month 00 does not exist'],
    ['2026-01-01T24:00:00Z', 'hour 24 does not exist'],
    ['2026-01-01T23:60:00Z', 'minute 60 does not exist'],
    ['2026-12-31T23:59:60Z', 'second 60 does not exist (leap seconds are not accepted)'],
    ['2026-01-01T10:00:00+25:00', 'offset +25:00 is out of range'],
    ['2026-01-01T10:00:00-24:00', 'offset -24:00 is out of range'],
    ['2026-01-01T10:00:00+05:60', 'offset +05:60 is out of range'],
  ])('refuses %s, which names no real instant: %s', (value, reason) => {
    expect(parseInstant(value)).toBeNull();
    expect(instantProblem(value)).toContain(`must be a real date and time: ${reason}`);
  });

  it('refuses what is not an RFC 3339 timestamp with a zone', () => {
    for (const value of ['2026-11-26T11:00:00', '2026-11-26', '26/11/2026 11:00', '2026-11-26T11:00Z', '']) {
      expect(parseInstant(value)).toBeNull();
      expect(instantProblem(value)).toMatch(/^must be an RFC 3339 timestamp with a zone/);
    }
    expect(instantProblem('2026-11-26T11:00:00Z')).toBeNull();
  });
});
