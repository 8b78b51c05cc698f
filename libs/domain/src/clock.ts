/** Time port: every "now" in the domain comes from here, so tests can shift it instead of waiting. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const HOUR_MS = 3_600_000;
