import { ScoredId } from '../enrichment/ports';

/** The seed channels' answers with their scores: BM25 (any scale), cosine, or exact matches. */
export interface ChannelHits {
  /** Scores on no fixed scale (BM25): an id counts as its score over the channel's best. */
  relative?: Record<string, readonly ScoredId[]>;
  /** Scores already on [0, 1] (cosine): taken as they are. */
  absolute?: Record<string, readonly ScoredId[]>;
  /** Exact matches (a named entity, a seed the caller chose): full strength. */
  exact?: Record<string, readonly string[]>;
}

/**
 * How strongly each id matched the query, in [0, 1] — its best channel's calibrated score. RRF
 * keeps only ranks, so a document sharing nothing with the query but "is" and "the" ranks as high
 * as the best match of a channel that found little; this keeps the difference for ranking.
 */
export function matchStrength(hits: ChannelHits): Map<string, number> {
  const strength = new Map<string, number>();
  const raise = (id: string, value: number) => strength.set(id, Math.max(strength.get(id) ?? 0, Math.min(1, Math.max(0, value))));
  for (const list of Object.values(hits.relative ?? {})) {
    const best = Math.max(0, ...list.map((h) => h.score));
    if (best > 0) for (const h of list) raise(h.id, h.score / best);
  }
  for (const list of Object.values(hits.absolute ?? {})) for (const h of list) raise(h.id, h.score);
  for (const ids of Object.values(hits.exact ?? {})) for (const id of ids) raise(id, 1);
  return strength;
}
