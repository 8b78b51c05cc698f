export const MMR_LAMBDA = 0.7;

/**
 * Maximal Marginal Relevance (SPEC §8): greedily picks argmax λ·relevance − (1−λ)·(max similarity
 * to the items already picked), so near-duplicates of a pick lose ground to different items. Returns
 * up to `limit` items in pick order; ties go to the earlier input. λ = 1 is plain relevance order.
 */
export function mmr<T>(
  candidates: readonly T[],
  relevance: (item: T) => number,
  similarity: (a: T, b: T) => number,
  limit: number,
  lambda = MMR_LAMBDA,
): T[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`MMR lambda must be in [0, 1], got ${lambda}`);
  const relevances = candidates.map(relevance);
  // Max similarity of each candidate to the picks so far, updated once per pick: O(n · limit) calls.
  const closest: number[] = candidates.map(() => -Infinity);
  const remaining = new Set(candidates.keys());
  const picked: T[] = [];
  while (picked.length < limit && remaining.size > 0) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of remaining) {
      const redundancy = picked.length === 0 ? 0 : closest[i];
      const score = lambda * relevances[i] - (1 - lambda) * redundancy;
      if (best === -1 || score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    remaining.delete(best);
    picked.push(candidates[best]);
    for (const i of remaining) closest[i] = Math.max(closest[i], similarity(candidates[i], candidates[best]));
  }
  return picked;
}
