/** For tests of the HTTP embedder (libs/embedding, e2e): a real local server, no network. */
import { JsonTestServer, Reply } from '@cg/http-client';

export interface EmbeddingsAnswerOptions {
  /** Length of every vector. Default 384. */
  dimension?: number;
  /** Send `data` in reverse input order, as a server may: only `index` says which is which. */
  reversed?: boolean;
  /** The `model` the answer reports. */
  model?: string;
}

/**
 * The vector the test server gives `text`: deterministic, distinct per text, and of length 3 rather
 * than 1, so a client that forgets to normalize shows.
 */
export function serverVector(text: string, dimension: number): number[] {
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const raw = Array.from({ length: dimension }, (_, j) => Math.sin(seed / 1_000 + j * 1.618));
  const norm = Math.hypot(...raw);
  return raw.map((x) => (3 * x) / norm);
}

/** An embeddings answer as OpenAI (and TEI, Ollama, vLLM, LiteLLM) send it, for `input` as sent. */
export function embeddingsAnswer(input: unknown, options: EmbeddingsAnswerOptions = {}): Reply {
  const texts = (Array.isArray(input) ? input : [input]).map(String);
  const data = texts.map((text, index) => ({ object: 'embedding', index, embedding: serverVector(text, options.dimension ?? 384) }));
  if (options.reversed) data.reverse();
  return { body: { object: 'list', data, model: options.model ?? 'served-embedding-model', usage: { prompt_tokens: texts.length, total_tokens: texts.length } } };
}

/** Speaks just enough of `POST /v1/embeddings`: answers every input with its `serverVector`. */
export class EmbeddingsServer extends JsonTestServer {
  constructor(options: EmbeddingsAnswerOptions = {}) {
    super((request) => embeddingsAnswer(request.body?.input, options));
  }
}
