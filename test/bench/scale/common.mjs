// Helpers the scale benchmark's phases share: the run deadline, JSON over HTTP, percentiles.

/** Thrown when a size cannot be measured within the budget: reported as a note, the run goes on. */
export class SkipSize extends Error {}

/** The whole run's deadline: every wait checks it, so a stuck phase fails instead of hanging. */
export class Deadline {
  constructor(ms) {
    this.at = Date.now() + ms;
  }

  /** Milliseconds left; throws once the deadline has passed. */
  remaining(what) {
    const left = this.at - Date.now();
    if (left <= 0) throw new Error(`benchmark deadline passed while ${what}`);
    return left;
  }
}

export { postJson as post } from '../http-client.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
export const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
export const since = (t) => Number(process.hrtime.bigint() - t) / 1e6;
