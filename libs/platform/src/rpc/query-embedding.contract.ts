import { RpcException } from '@nestjs/microservices';
import { Embedder, MAX_EVENT_TEXT_CHARS } from '@cg/domain';

/** The query-embedding channel: stream `<prefix>rpc:embed-query`, answered by the enrichment replicas. */
export const QUERY_EMBEDDING_CHANNEL = 'embed-query';
export const EMBED_QUERY = 'embed.query';

export interface EmbedQueryRequest {
  text: string;
}

export interface QueryEmbedding {
  /** The model that made the vector: only vectors of the same model may be compared. */
  model: string;
  vector: number[];
}

/**
 * What the enrichment service answers `embed.query` with: the text embedded exactly as event texts
 * are (same embedder, same length bound), so a query vector equals the stored one for the same text.
 */
export function embedQueryHandler(embedder: Embedder): (request: EmbedQueryRequest) => Promise<QueryEmbedding> {
  return async (request) => {
    const text = request?.text;
    if (typeof text !== 'string' || !text.trim()) throw new RpcException('text must be a non-empty string');
    const [vector] = await embedder.embed([text.slice(0, MAX_EVENT_TEXT_CHARS)]);
    // JSON numbers carry float32 values exactly, so the caller can rebuild the Float32Array bit for bit.
    return { model: embedder.model, vector: Array.from(vector) };
  };
}
