import { Summarizer, SummaryRequest, SummaryText } from '@cg/domain';
import { JsonEndpoint, RetryEvent } from '@cg/http-client';
import { LlmBudget, estimateTokens } from './budget';
import { LlmError } from './errors';
import { ChatMessage, summaryMessages } from './prompt';
import { DEFAULT_LLM_SETTINGS } from './settings';

export interface OpenAiSummarizerOptions {
  /** e.g. `http://localhost:4000/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
  maxOutputTokens?: number;
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** The pass's cost cap (see `LlmBudget`); without one, calls are not metered. */
  budget?: LlmBudget;
  /** Told before each wait-and-retry, e.g. to log it. */
  onRetry?: (event: LlmRetryEvent) => void;
}

export type LlmRetryEvent = RetryEvent<LlmError>;

interface Completion {
  text: string;
  totalTokens?: number;
}

/** Reasoning models served through Ollama or vLLM may put their thinking before the answer. */
const THINKING = /<think>[\s\S]*?<\/think>/g;

/**
 * Summaries by an LLM behind an OpenAI-compatible chat-completions endpoint (LiteLLM proxy, OpenAI,
 * Ollama, vLLM). Deterministic settings (`temperature: 0`) and a grounded prompt (`summaryMessages`).
 *
 * Timeouts and retries are `JsonEndpoint`'s: each attempt has its own timeout; 429 (waiting
 * `Retry-After` when given), 5xx, network errors and timeouts are retried up to `maxRetries` times
 * after `retryBaseMs × 2^n` (capped by `maxRetryDelayMs`); any other 4xx, a malformed or empty
 * answer, and an exhausted budget fail at once. Failures throw (`LlmError`, `LlmBudgetExhausted`):
 * wrap this in a `FallbackSummarizer`.
 */
export class OpenAiSummarizer implements Summarizer {
  private readonly endpoint: JsonEndpoint<LlmError>;
  private readonly maxOutputTokens: number;

  constructor(private readonly options: OpenAiSummarizerOptions) {
    if (!options.baseUrl.trim() || !options.model.trim()) throw new RangeError('OpenAiSummarizer needs a baseUrl and a model');
    this.maxOutputTokens = options.maxOutputTokens ?? DEFAULT_LLM_SETTINGS.maxOutputTokens;
    this.endpoint = new JsonEndpoint({
      url: `${options.baseUrl.trim().replace(/\/+$/, '')}/chat/completions`,
      label: 'LLM',
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? DEFAULT_LLM_SETTINGS.timeoutMs,
      maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_LLM_SETTINGS.maxRetries)),
      retryBaseMs: options.retryBaseMs ?? DEFAULT_LLM_SETTINGS.retryBaseMs,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_LLM_SETTINGS.maxRetryDelayMs,
      errorClass: LlmError,
      onRetry: options.onRetry,
    });
  }

  get model(): string {
    return this.options.model;
  }

  async summarize(request: SummaryRequest): Promise<SummaryText> {
    const messages = summaryMessages(request);
    const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
    const reservation = this.options.budget?.reserve(estimateTokens(promptChars) + this.maxOutputTokens);
    try {
      const completion = await this.complete(messages);
      reservation?.settle(completion.totalTokens ?? estimateTokens(promptChars + completion.text.length));
      return { text: completion.text, method: 'llm', model: this.options.model };
    } catch (error) {
      reservation?.release();
      throw error;
    }
  }

  private async complete(messages: ChatMessage[]): Promise<Completion> {
    const { status, json } = await this.endpoint.post({ model: this.options.model, messages, temperature: 0, max_tokens: this.maxOutputTokens });
    const answer = json as { choices?: { message?: { content?: unknown } }[]; usage?: { total_tokens?: unknown } } | null;
    const content = answer?.choices?.[0]?.message?.content;
    const text = typeof content === 'string' ? content.replace(THINKING, '').trim() : '';
    if (!text) throw new LlmError('LLM answered no summary (choices[0].message.content empty or missing)', false, status);
    const total = answer?.usage?.total_tokens;
    return { text, totalTokens: typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : undefined };
  }
}
