/**
 * How enrichment reaches an OpenAI-compatible `POST /v1/embeddings` endpoint (TEI, Ollama, vLLM, a
 * LiteLLM proxy, OpenAI). This lib reads no environment: the app's config loader fills these in from
 * the variables named below, starting from `DEFAULT_HTTP_EMBEDDER_SETTINGS`.
 */
export interface HttpEmbedderSettings {
  /** `EMBEDDING_BASE_URL`, up to the version segment, e.g. `http://tei:8080/v1`; `/embeddings` is appended. */
  baseUrl: string;
  /** `EMBEDDING_MODEL`, sent as `model`; the vectors are named `http:<model>` (see `httpModelName`). */
  model: string;
  /** `EMBEDDING_API_KEY`, sent as `authorization: Bearer …` when set; never logged. */
  apiKey?: string;
  /** `EMBEDDING_DIMENSION`: the start-up probe must find vectors of exactly this length. */
  dimension: number;
  /** `EMBEDDING_BATCH_SIZE`: inputs per request at most; more are split over several requests. */
  batchSize: number;
  /** `EMBEDDING_TIMEOUT_MS`: one HTTP attempt, headers and body. */
  timeoutMs: number;
  /** `EMBEDDING_MAX_RETRIES`: attempts after the first on 429, 5xx, network errors and timeouts. */
  maxRetries: number;
  /** First retry waits this long, then twice as long each time. */
  retryBaseMs?: number;
  /** Upper bound of one wait, `Retry-After` included. */
  maxRetryDelayMs?: number;
}

/**
 * 384: the graph's default vectors (SPEC §9: MiniLM, and the local fallback). 32 inputs a request:
 * TEI's default `--max-client-batch-size`, so TEI works without flags.
 */
export const DEFAULT_HTTP_EMBEDDER_SETTINGS = {
  dimension: 384,
  batchSize: 32,
  timeoutMs: 15_000,
  maxRetries: 2,
  retryBaseMs: 200,
  maxRetryDelayMs: 10_000,
} as const satisfies Omit<HttpEmbedderSettings, 'baseUrl' | 'model'>;

/**
 * The name the HTTP adapter's vectors are stored under: the configured model, prefixed so that a
 * server's `all-MiniLM-L6-v2` is never taken for the fastembed one (same name, other tokenizer and
 * truncation) nor any name for the local fallback's: vectors of different models are never compared. The configured name, not the one the server reports: that one may differ per
 * replica or version behind a proxy, and the stored vectors must keep one name.
 */
export function httpModelName(model: string): string {
  return `http:${model}`;
}
