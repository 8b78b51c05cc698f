import { Clock } from '@cg/domain';

/** Wall-clock time, shifted by a fixed offset that tests set (CLOCK_OFFSET_MS) to age data. */
export class SystemClock implements Clock {
  constructor(private readonly offsetMs = 0) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }
}
