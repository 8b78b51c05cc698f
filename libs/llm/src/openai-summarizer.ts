import { Summarizer, SummaryRequest, SummaryText } from '@cg/domain';
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

export interface LlmRetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: LlmError;
}

interface Completion {
  text: string;
  totalTokens?: number;
}

/** Reasoning models served through Ollama or vLLM may put their thinking before the answer. */
const THINKING = /<think>[\s\S]*?<\/think>/g;
const ERROR_SNIPPET_CHARS = 200;

/**
 * Summaries by an LLM behind an OpenAI-compatible chat-completions endpoint (LiteLLM proxy, OpenAI,
 * Ollama, vLLM). Deterministic settings (`temperature: 0`) and a grounded prompt (`summaryMessages`).
 *
 * Each attempt has its own timeout. 429 (waiting `Retry-After` when given), 5xx, network errors and
 * timeouts are retried up to `maxRetries` times after `retryBaseMs × 2^n` (capped by
 * `maxRetryDelayMs`); any other 4xx, a malformed or empty answer, and an exhausted budget fail at
 * once. Failures throw (`LlmError`, `LlmBudgetExhausted`): wrap this in a `FallbackSummarizer`.
 */
export class OpenAiSummarizer implements Summarizer {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxOutputTokens: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: OpenAiSummarizerOptions) {
    if (!options.baseUrl.trim() || !options.model.trim()) throw new RangeError('OpenAiSummarizer needs a baseUrl and a model');
    this.url = `${options.baseUrl.trim().replace(/\/+$/, '')}/chat/completions`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LLM_SETTINGS.timeoutMs;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_LLM_SETTINGS.maxRetries));
    this.maxOutputTokens = options.maxOutputTokens ?? DEFAULT_LLM_SETTINGS.maxOutputTokens;
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_LLM_SETTINGS.retryBaseMs;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_LLM_SETTINGS.maxRetryDelayMs;
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
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(messages);
      } catch (error) {
        if (!(error instanceof LlmError) || !error.retryable || retry >= this.maxRetries) throw error;
        const backoff = this.retryBaseMs * 2 ** retry;
        const delayMs = Math.min(error.retryAfterMs ?? backoff, this.maxRetryDelayMs);
        this.options.onRetry?.({ retry: retry + 1, delayMs, error });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async attempt(messages: ChatMessage[]): Promise<Completion> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const body = JSON.stringify({ model: this.options.model, messages, temperature: 0, max_tokens: this.maxOutputTokens });

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      let status: number;
      let retryAfter: string | null;
      let text: string;
      try {
        const response = await fetch(this.url, { method: 'POST', headers, body, signal: controller.signal });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        text = await response.text();
      } catch (error) {
        if (controller.signal.aborted) {
          throw new LlmError(`LLM request timed out after ${this.timeoutMs} ms`, true, undefined, undefined, { cause: error });
        }
        throw new LlmError(`LLM request failed: ${causeOf(error)}`, true, undefined, undefined, { cause: error });
      }
      if (status < 200 || status >= 300) {
        const retryable = status === 429 || status >= 500;
        const waitMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : undefined;
        throw new LlmError(`LLM answered HTTP ${status}: ${errorSnippet(text)}`, retryable, status, waitMs);
      }
      return parseCompletion(text, status);
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseCompletion(body: string, status: number): Completion {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new LlmError(`LLM answered malformed JSON: ${errorSnippet(body)}`, false, status);
  }
  const answer = json as { choices?: { message?: { content?: unknown } }[]; usage?: { total_tokens?: unknown } } | null;
  const content = answer?.choices?.[0]?.message?.content;
  const text = typeof content === 'string' ? content.replace(THINKING, '').trim() : '';
  if (!text) throw new LlmError('LLM answered no summary (choices[0].message.content empty or missing)', false, status);
  const total = answer?.usage?.total_tokens;
  return { text, totalTokens: typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : undefined };
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The error message of an OpenAI-style error body, or the start of the body. Never the request. */
function errorSnippet(body: string): string {
  let message = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const candidate = typeof parsed?.error === 'string' ? parsed.error : parsed?.error?.message ?? parsed?.message;
    if (typeof candidate === 'string') message = candidate;
  } catch {
    // not JSON: show it as it is
  }
  message = message.replace(/\s+/g, ' ').trim();
  if (!message) return '(empty body)';
  return message.length > ERROR_SNIPPET_CHARS ? `${message.slice(0, ERROR_SNIPPET_CHARS)}…` : message;
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
