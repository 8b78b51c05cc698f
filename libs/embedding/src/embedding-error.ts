import { HttpCallError } from '@cg/http-client';

/** An embeddings call that did not yield vectors, or a server that cannot be used. */
export class EmbeddingError extends HttpCallError {
  override readonly name = 'EmbeddingError';
}
