import type { Embedder } from '@cg/domain';
import { displayUrl, JsonEndpoint, RetryEvent } from '@cg/http-client';
import { EmbeddingError } from './embedding-error';
import { DEFAULT_HTTP_EMBEDDER_SETTINGS, HttpEmbedderSettings, httpModelName } from './http-embedder-settings';
import { l2Normalize } from './pooling';

export interface HttpEmbedderHooks {
  /** Told before each wait-and-retry, e.g. to log it. */
  onRetry?: (event: RetryEvent<EmbeddingError>) => void;
}

/** What the start-up probe embeds: any short text shows the dimension. */
const PROBE_TEXT = 'dimension probe';

/**
 * Vectors from an OpenAI-compatible `POST <baseUrl>/embeddings` (`{model, input: [...]}` →
 * `{data: [{index, embedding}], model}`): TEI, Ollama, vLLM, a LiteLLM proxy, OpenAI.
 *
 * `connect` embeds a probe once and refuses (one line naming the variables) when the server is
 * unusable or its vectors are not `dimension` long: falling back to another embedder instead would
 * strand every vector stored under this model. `embed` sends at most `batchSize` inputs a request,
 * one request at a time, and puts the answers back in input order by `index`; timeouts and retries
 * are `JsonEndpoint`'s. Vectors are L2-normalized, as the `Embedder` port promises (servers differ).
 */
export class HttpEmbedder implements Embedder {
  readonly kind = 'http' as const;
  readonly model: string;

  private constructor(
    private readonly settings: HttpEmbedderSettings,
    private readonly endpoint: JsonEndpoint<EmbeddingError>,
    readonly dimension: number,
    /** The model name the server reported for the probe (it may differ from the configured one). */
    readonly servedModel: string | undefined,
  ) {
    this.model = httpModelName(settings.model);
  }

  static async connect(settings: HttpEmbedderSettings, hooks: HttpEmbedderHooks = {}): Promise<HttpEmbedder> {
    if (!settings.baseUrl.trim() || !settings.model.trim()) throw new RangeError('HttpEmbedder needs a baseUrl and a model');
    const endpoint = new JsonEndpoint({
      url: `${settings.baseUrl.trim().replace(/\/+$/, '')}/embeddings`,
      label: 'embedding server',
      apiKey: settings.apiKey,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      retryBaseMs: settings.retryBaseMs ?? DEFAULT_HTTP_EMBEDDER_SETTINGS.retryBaseMs,
      maxRetryDelayMs: settings.maxRetryDelayMs ?? DEFAULT_HTTP_EMBEDDER_SETTINGS.maxRetryDelayMs,
      errorClass: EmbeddingError,
      onRetry: hooks.onRetry,
    });
    const where = `EMBEDDING_MODEL=${settings.model} at EMBEDDING_BASE_URL=${displayUrl(settings.baseUrl)}`;
    let probe: { vectors: Float32Array[]; servedModel?: string };
    try {
      probe = await requestVectors(endpoint, settings.model, [PROBE_TEXT]);
    } catch (error) {
      throw new EmbeddingError(`embedding start-up probe of ${where} failed: ${(error as Error).message}`, false, undefined, undefined, { cause: error });
    }
    const found = probe.vectors[0].length;
    if (found !== settings.dimension) {
      throw new EmbeddingError(
        `${where} gives ${found}-d vectors, but EMBEDDING_DIMENSION is ${settings.dimension}: ` +
          `serve a ${settings.dimension}-d model there, or set EMBEDDING_DIMENSION=${found}`,
        false,
      );
    }
    return new HttpEmbedder(settings, endpoint, found, probe.servedModel);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.settings.batchSize) {
      const { vectors } = await requestVectors(this.endpoint, this.settings.model, texts.slice(start, start + this.settings.batchSize));
      // The probe passed, so another length means the server now serves another model: store nothing.
      const wrong = vectors.find((v) => v.length !== this.dimension);
      if (wrong) throw new EmbeddingError(`embedding server answered a ${wrong.length}-d vector for ${this.model}, whose vectors are ${this.dimension}-d`, false);
      out.push(...vectors);
    }
    return out;
  }

  /** Nothing to release; present so callers can close any embedder alike. */
  async close(): Promise<void> {}
}

/** One request; the answer's vectors in input order, normalized. Malformed answers fail at once. */
async function requestVectors(endpoint: JsonEndpoint<EmbeddingError>, model: string, input: string[]): Promise<{ vectors: Float32Array[]; servedModel?: string }> {
  const { status, json } = await endpoint.post({ model, input });
  const answer = json as { data?: unknown; model?: unknown } | null;
  const malformed = (what: string) => new EmbeddingError(`embedding server answered ${what}`, false, status);
  if (!Array.isArray(answer?.data)) throw malformed('no data list');
  if (answer.data.length !== input.length) throw malformed(`${answer.data.length} vectors for ${input.length} inputs`);
  const vectors: Float32Array[] = new Array(input.length);
  for (const item of answer.data as Array<{ index?: unknown; embedding?: unknown } | null>) {
    const index = item?.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= input.length || vectors[index]) {
      throw malformed(`a missing, repeated or out-of-range index ${JSON.stringify(index)}`);
    }
    const embedding = item?.embedding;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw malformed(`an embedding at index ${index} that is not a list of numbers`);
    }
    vectors[index] = l2Normalize(Float32Array.from(embedding as number[]));
  }
  return { vectors, servedModel: typeof answer.model === 'string' ? answer.model : undefined };
}
