// Retrieval metrics over ranked id lists: recall@k (fraction of the gold ids in the top k) and MRR
// (1 / rank of the first gold id, 0 when none is returned), averaged per question type and overall.
export const KS = [5, 10, 20];

export function recallAt(ranked, gold, k) {
  if (!gold.length) throw new Error('recallAt: a question needs at least one gold id');
  const top = new Set(ranked.slice(0, k));
  return gold.filter((id) => top.has(id)).length / gold.length;
}

export function reciprocalRank(ranked, gold) {
  const wanted = new Set(gold);
  const index = ranked.findIndex((id) => wanted.has(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

/** One question's scores: `{ 'recall@5', 'recall@10', 'recall@20', mrr }`. */
export function scoreQuestion(ranked, gold) {
  const scores = Object.fromEntries(KS.map((k) => [`recall@${k}`, recallAt(ranked, gold, k)]));
  return { ...scores, mrr: reciprocalRank(ranked, gold) };
}

/**
 * `results`: `[{ type, ranked, gold }]` → `{ byType: { [type]: { n, ...means } }, overall: { n, ...means } }`.
 * Overall is the mean over all questions (each question counts once).
 */
export function summarize(results) {
  const mean = (rows) => {
    const scored = rows.map((r) => scoreQuestion(r.ranked, r.gold));
    const keys = [...KS.map((k) => `recall@${k}`), 'mrr'];
    return { n: rows.length, ...Object.fromEntries(keys.map((key) => [key, rows.length ? scored.reduce((s, x) => s + x[key], 0) / rows.length : NaN])) };
  };
  const byType = {};
  for (const type of [...new Set(results.map((r) => r.type))]) byType[type] = mean(results.filter((r) => r.type === type));
  return { byType, overall: mean(results) };
}
