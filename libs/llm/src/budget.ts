import { LlmBudgetExhausted } from './errors';

/** A hold on part of the budget while a call is in flight. */
export interface LlmReservation {
  /** The call returned: charge what it actually used instead of the estimate. */
  settle(tokensUsed: number): void;
  /** The call failed: give the estimate back. */
  release(): void;
}

/**
 * The cost cap of one consolidation pass (SPEC §9): create one per pass with the pass's token
 * allowance and hand it to the LLM summarizer. Each call first reserves its estimated cost (prompt
 * estimate + `max_tokens`), so concurrent calls cannot overshoot together; when the reservation does
 * not fit, the call is refused with `LlmBudgetExhausted` before any request is sent.
 */
export class LlmBudget {
  private settled = 0;
  private reserved = 0;

  constructor(readonly maxTokens: number) {
    if (!(maxTokens >= 0)) throw new RangeError(`LlmBudget: maxTokens must be >= 0, got ${maxTokens}`);
  }

  /** Tokens charged so far (settled calls only). */
  get spent(): number {
    return this.settled;
  }

  get remaining(): number {
    return Math.max(0, this.maxTokens - this.settled - this.reserved);
  }

  get exhausted(): boolean {
    return this.remaining <= 0;
  }

  /** Holds `tokens` for one call, or throws `LlmBudgetExhausted` when they are not left. */
  reserve(tokens: number): LlmReservation {
    const needed = Math.max(1, Math.ceil(tokens));
    if (needed > this.remaining) throw new LlmBudgetExhausted(needed, this.remaining, this.maxTokens);
    this.reserved += needed;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.reserved -= needed;
      return true;
    };
    return {
      settle: (tokensUsed) => {
        if (close()) this.settled += Math.max(0, Math.ceil(tokensUsed));
      },
      release: () => {
        close();
      },
    };
  }
}

/** The usual rough size of English text in tokens, for when a server reports no `usage`. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
