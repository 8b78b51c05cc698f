export interface FusedSeed {
  id: string;
  score: number;
  /** The channels that returned the id, in the order the channels were given. */
  channels: string[];
}

export const RRF_K = 60;

/**
 * Reciprocal Rank Fusion (SPEC §8): score = Σ over channels of 1 / (k + rank), rank 1-based. Only
 * ranks count, so channels with incomparable scores (BM25, cosine, entity match) fuse fairly. An id
 * repeated within one channel counts at its best rank. Ties are broken by id ascending.
 */
export function reciprocalRankFusion(channels: Record<string, readonly string[]>, k = RRF_K): FusedSeed[] {
  if (!(k >= 0) || !Number.isFinite(k)) throw new RangeError(`RRF k must be a finite number ≥ 0, got ${k}`);
  const ranks = new Map<string, { ranks: number[]; channels: string[] }>();
  for (const [channel, ids] of Object.entries(channels)) {
    ids.forEach((id, index) => {
      const entry = ranks.get(id) ?? { ranks: [], channels: [] };
      if (entry.channels.at(-1) === channel) return;
      entry.ranks.push(index + 1);
      entry.channels.push(channel);
      ranks.set(id, entry);
    });
  }
  const fused = [...ranks].map(([id, entry]) => ({ id, score: rrfScore(entry.ranks, k), channels: entry.channels }));
  return fused.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// Summed in rank order so ids with the same ranks in different channels get bit-identical scores
// and fall through to the id tie-break instead of differing in the last float digit.
function rrfScore(ranks: number[], k: number): number {
  return [...ranks].sort((a, b) => a - b).reduce((sum, rank) => sum + 1 / (k + rank), 0);
}
