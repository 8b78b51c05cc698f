import { HttpCallError } from '@cg/http-client';

/** A chat-completions call that did not yield a summary. `retryable` says whether trying again may help. */
export class LlmError extends HttpCallError {
  override readonly name = 'LlmError';
}

/** The pass's token budget cannot cover another call: the caller falls back (never retried). */
export class LlmBudgetExhausted extends Error {
  constructor(readonly needed: number, readonly remaining: number, readonly maxTokens: number) {
    super(`LLM token budget exhausted: ${needed} tokens needed, ${remaining} of ${maxTokens} left this pass`);
    this.name = 'LlmBudgetExhausted';
  }
}
