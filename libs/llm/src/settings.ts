/**
 * How the consolidation service reaches an OpenAI-compatible chat-completions endpoint (SPEC §9:
 * `LLM_BASE_URL`, `LLM_MODEL`, `LLM_API_KEY`). This lib reads no environment: the app's config
 * loader fills these in, starting from `DEFAULT_LLM_SETTINGS`.
 */
export interface LlmSettings {
  /** Up to the version segment, e.g. `http://localhost:4000/v1` (LiteLLM), `https://api.openai.com/v1`, `http://localhost:11434/v1` (Ollama). */
  baseUrl?: string;
  model?: string;
  /** Sent as `authorization: Bearer …` when set. */
  apiKey?: string;
  /** One HTTP attempt, headers and body, in milliseconds. */
  timeoutMs: number;
  /** Attempts after the first on 429, 5xx, network errors and timeouts. */
  maxRetries: number;
  /** Cost cap: tokens (prompt + completion) one consolidation pass may spend. */
  maxTokensPerPass: number;
  /** `max_tokens` of a completion. */
  maxOutputTokens?: number;
  /** First retry waits this long, then twice as long each time (no jitter: runs are reproducible). */
  retryBaseMs?: number;
  /** Upper bound of one wait, `Retry-After` included. */
  maxRetryDelayMs?: number;
}

export const DEFAULT_LLM_SETTINGS = {
  timeoutMs: 20_000,
  maxRetries: 2,
  maxTokensPerPass: 50_000,
  maxOutputTokens: 400,
  retryBaseMs: 200,
  maxRetryDelayMs: 10_000,
} as const satisfies LlmSettings;

/** True when both an endpoint and a model are named: otherwise summaries are extractive only. */
export function llmConfigured(settings: Pick<LlmSettings, 'baseUrl' | 'model'>): boolean {
  return Boolean(settings.baseUrl?.trim() && settings.model?.trim());
}
