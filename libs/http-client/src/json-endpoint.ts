import { HttpCallError, HttpCallErrorClass } from './http-call-error';

export interface RetryPolicy {
  /** Attempts after the first on 429, 5xx, network errors and timeouts. */
  maxRetries: number;
  /** First retry waits this long, then twice as long each time (no jitter: runs are reproducible). */
  retryBaseMs: number;
  /** Upper bound of one wait, `Retry-After` included. */
  maxRetryDelayMs: number;
}

export interface RetryEvent<E extends HttpCallError> {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: E;
}

export interface JsonEndpointOptions<E extends HttpCallError> extends RetryPolicy {
  /** The URL every call POSTs to, e.g. `http://localhost:4000/v1/chat/completions`. */
  url: string;
  /** Names the service in error messages: `<label> request timed out after …`. */
  label: string;
  /** Sent as `authorization: Bearer …` when set; cut out of every error message. */
  apiKey?: string;
  /** One HTTP attempt, headers and body, in milliseconds. */
  timeoutMs: number;
  /** What is thrown; its `retryable` decides whether the call is tried again. */
  errorClass: HttpCallErrorClass<E>;
  /** Told before each wait-and-retry, e.g. to log it. */
  onRetry?: (event: RetryEvent<E>) => void;
}

const ERROR_SNIPPET_CHARS = 200;
const REDACTED = '***';

/**
 * One JSON-over-HTTP endpoint of a model server (OpenAI-compatible: LiteLLM, OpenAI, Ollama, vLLM,
 * TEI). Each attempt has its own timeout. 429 and 503 (waiting `Retry-After` when given), other
 * 5xx, network errors and timeouts are retried up to `maxRetries` times after `retryBaseMs × 2^n`
 * (capped by `maxRetryDelayMs`); any other 4xx and malformed JSON fail at once. Errors are the
 * caller's `errorClass`, their messages name the status and the server's own error message, never
 * the request or the API key.
 */
export class JsonEndpoint<E extends HttpCallError> {
  private readonly headers: Record<string, string>;

  constructor(private readonly options: JsonEndpointOptions<E>) {
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.apiKey) this.headers.authorization = `Bearer ${options.apiKey}`;
  }

  /** POSTs `body` as JSON and returns the parsed answer of a 2xx, retrying as the class comment says. */
  async post(body: unknown): Promise<{ status: number; json: unknown }> {
    const payload = JSON.stringify(body);
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(payload);
      } catch (error) {
        const { maxRetries, retryBaseMs, maxRetryDelayMs, errorClass } = this.options;
        if (!(error instanceof errorClass) || !error.retryable || retry >= maxRetries) throw error;
        const delayMs = Math.min(error.retryAfterMs ?? retryBaseMs * 2 ** retry, maxRetryDelayMs);
        this.options.onRetry?.({ retry: retry + 1, delayMs, error });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async attempt(payload: string): Promise<{ status: number; json: unknown }> {
    const { url, label, timeoutMs } = this.options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const response = await fetch(url, { method: 'POST', headers: this.headers, body: payload, signal: controller.signal });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) throw this.error(`${label} request timed out after ${timeoutMs} ms`, true, undefined, undefined, error);
      throw this.error(`${label} request failed: ${causeOf(error)}`, true, undefined, undefined, error);
    } finally {
      clearTimeout(timer);
    }
    if (status < 200 || status >= 300) {
      const waitMs = status === 429 || status === 503 ? retryAfterMs(retryAfter) : undefined;
      throw this.error(`${label} answered HTTP ${status}: ${errorSnippet(text)}`, status === 429 || status >= 500, status, waitMs);
    }
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch {
      throw this.error(`${label} answered malformed JSON: ${errorSnippet(text)}`, false, status);
    }
  }

  /** A server may echo the key it refused: it never reaches a message (and so no log). */
  private error(message: string, retryable: boolean, status?: number, waitMs?: number, cause?: unknown): E {
    const { apiKey, errorClass } = this.options;
    const safe = apiKey ? message.split(apiKey).join(REDACTED) : message;
    return new errorClass(safe, retryable, status, waitMs, cause === undefined ? undefined : { cause });
  }
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

/** Duck-typed: fetch's errors may come from another realm (Jest's vm), where `instanceof Error` fails. */
function causeOf(error: unknown): string {
  const messageOf = (e: unknown) => (typeof (e as Error | undefined)?.message === 'string' ? (e as Error).message : undefined);
  const message = messageOf(error) ?? String(error);
  const cause = messageOf((error as { cause?: unknown } | undefined)?.cause);
  return cause ? `${message} (${cause})` : message;
}
