import type Redis from 'ioredis';
import { blockingConnection } from '@cg/redis';

/**
 * Extra wait past the deadline for Redis's own BLPOP timeout to answer; past it the connection is
 * presumed stuck (Redis unreachable) and dropped, so a pop never outlives its bound by more.
 */
const GUARD_MS = 250;
const GAVE_UP = Symbol('gave up');

/**
 * BLPOP on dedicated connections (a blocking pop holds its connection until the reply or the
 * timeout), pooled for reuse and capped: a pop over the cap waits for a free connection within
 * its own deadline. A pop blocks `maxBlockMs` at most, which sizes its connections' command timeout.
 */
export class BlockingPops {
  private readonly idle: Redis[] = [];
  private readonly waiting: (() => void)[] = [];
  private busy = 0;
  private closed = false;

  constructor(
    private readonly source: Redis,
    private readonly max: number,
    private readonly name: string,
    private readonly maxBlockMs: number,
  ) {}

  /** The list's first element; null when the deadline passes or the signal aborts first. */
  async pop(key: string, deadline: number, signal: AbortSignal): Promise<string | null> {
    if (this.closed) throw new Error('BlockingPops is closed');
    if (!(await this.slot(deadline, signal))) return null;
    let conn: Redis | undefined;
    let reusable = false;
    const attempt = (async () => {
      conn = this.idle.pop() ?? (await this.open());
      const reply = await conn.blpop(key, seconds(Math.min(deadline - Date.now(), this.maxBlockMs)));
      reusable = true;
      return reply?.[1] ?? null;
    })();
    try {
      const outcome = await settleWithin(attempt, deadline - Date.now() + GUARD_MS, signal);
      return outcome === GAVE_UP ? null : outcome;
    } finally {
      if (reusable && !this.closed) this.idle.push(conn!);
      else {
        // Still blocked, still connecting, or failed: drop it, now or once it exists.
        conn?.disconnect();
        attempt.finally(() => conn?.disconnect()).catch(() => undefined);
      }
      this.busy--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** Takes one of `max` slots, waiting in line until the deadline if all are busy. */
  private slot(deadline: number, signal: AbortSignal): Promise<boolean> {
    if (this.busy < this.max) {
      this.busy++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (granted: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', giveUp);
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        if (granted) this.busy++;
        resolve(granted);
      };
      const wake = () => finish(true);
      const giveUp = () => finish(false);
      const timer = setTimeout(giveUp, Math.max(0, deadline - Date.now()));
      signal.addEventListener('abort', giveUp, { once: true });
      this.waiting.push(wake);
    });
  }

  private async open(): Promise<Redis> {
    const conn = blockingConnection(this.source, this.maxBlockMs, this.name);
    // Failures surface as a failed pop, which drops the connection.
    conn.on('error', () => undefined);
    await conn.connect();
    return conn;
  }
}

/** BLPOP's timeout in seconds; at least 1 ms, since 0 would block forever. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms)) / 1000;
}

/** The promise's value, or GAVE_UP when `ms` pass or the signal aborts first. */
function settleWithin<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T | typeof GAVE_UP> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', giveUp);
    };
    const giveUp = () => {
      done();
      resolve(GAVE_UP);
    };
    const timer = setTimeout(giveUp, Math.max(0, ms));
    signal.addEventListener('abort', giveUp, { once: true });
    if (signal.aborted) giveUp();
    promise.then((value) => (done(), resolve(value)), (error) => (done(), reject(error)));
  });
}
