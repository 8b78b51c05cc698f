import { mmr } from './mmr';
import { composePage } from './page-composition';

/**
 * Width of a relevance band: nodes whose relevance differs by less are ordered by their composite
 * score. Measured (recall@10, dev conversations / generator dev seed): 0.1 → 0.712 / 0.838,
 * 0.2 → 0.710 / 0.818, 0.3 → 0.702 / 0.816; one threshold at 0.7 (two tiers) let importance reorder
 * near-exact matches.
 */
export const RELEVANCE_BAND = 0.1;

export interface BandCandidate {
  id: string;
  /** How well it answers the query: a match strength in [0, 1], plus what reading like the expected answer adds (above 1, a band of its own). */
  relevance: number;
  /** The composite score of SPEC §6. */
  score: number;
  vector?: Float32Array;
}

/**
 * The final order of a ranking: bands of relevance, best first, each ordered by composite score with
 * MMR diversity (SPEC §8) — so how well a node answers comes first, and recency, importance and
 * diversity order the nodes that answer about as well; then the page composition (composePage).
 */
export function rankInBands<T extends BandCandidate>(candidates: readonly T[], similarity: (a: T, b: T) => number, maxNodes: number): T[] {
  const bandOf = (n: T) => Math.floor((1 - Math.max(0, n.relevance)) / RELEVANCE_BAND + 1e-9);
  const bands = new Map<number, T[]>();
  const byScore = [...candidates].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  for (const n of byScore) bands.set(bandOf(n), [...(bands.get(bandOf(n)) ?? []), n]);
  const ordered = [...bands.keys()].sort((a, b) => a - b).flatMap((band) => {
    const members = bands.get(band) as T[];
    return mmr(members, (n) => n.score, similarity, members.length);
  });
  return composePage(ordered, maxNodes);
}
