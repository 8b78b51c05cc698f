import { delay } from './delay';

export interface ReadLoop {
  stopping(): boolean;
  /** One read and its handling; throws to back off and try again. */
  turn(): Promise<void>;
  /** Told about a failed turn (e.g. a consumer group deleted under the reader: NOGROUP). */
  onError(message: string): void;
  backoffMs: number;
  /** Aborted on stop, so a back-off never delays shutdown. */
  signal: AbortSignal;
}

/** Turns until stopped, backing off after a failed turn: the loop of every stream reader. */
export async function runReadLoop(loop: ReadLoop): Promise<void> {
  while (!loop.stopping()) {
    try {
      await loop.turn();
    } catch (error) {
      if (loop.stopping()) break;
      loop.onError((error as Error).message);
      await delay(loop.backoffMs, loop.signal);
    }
  }
}
