import { GraphEdge } from '../graph/model';

export type Vector = Float32Array | readonly number[];

/** Cosine of two vectors of one model; 0 when either is all zeros (no direction to compare). */
export function cosine(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new RangeError(`cosine of vectors of different dimension (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The Event fields that order a SIMILAR_TO pair. */
export interface SimilarEnd {
  id: string;
  occurred_ms: number;
}

/**
 * The one SIMILAR_TO edge of a pair (SPEC §5): newer → older by occurred_ms, then by id, so either
 * argument order yields the same edge and a pair is never linked twice.
 */
export function similarEdge(a: SimilarEnd, b: SimilarEnd, score: number): GraphEdge {
  const aIsNewer = a.occurred_ms !== b.occurred_ms ? a.occurred_ms > b.occurred_ms : a.id > b.id;
  const [newer, older] = aIsNewer ? [a, b] : [b, a];
  return { source: newer.id, target: older.id, edge_type: 'SIMILAR_TO', properties: { score } };
}
