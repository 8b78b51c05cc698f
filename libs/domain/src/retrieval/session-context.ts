import { GraphEdge } from '../graph/model';

/** What an event passes to each of its session neighbours: a share of how well it matched. */
export const CONTEXT_SHARE = 0.5;
/** The best direct matches whose neighbours are looked at (one graph read for all of them). */
export const CONTEXT_SOURCES = 20;

/**
 * Adjacent-turn context (issue 10): in a conversation or a run of tool calls, what answers a question
 * often sits next to what matches it — the reply to the turn that names the topic, the result after
 * the call. Each matched event lends `share` × its match strength to the events before and after it
 * in its session (its `FOLLOWS` edges, both ways), added to what they matched themselves; the sums
 * are scaled so the best is 1 again. Nodes no `FOLLOWS` edge touches keep their own strength.
 */
export function withSessionContext(strength: ReadonlyMap<string, number>, follows: readonly GraphEdge[], share = CONTEXT_SHARE): Map<string, number> {
  const combined = new Map(strength);
  const lend = (from: string, to: string) => {
    const own = strength.get(from);
    if (own) combined.set(to, (combined.get(to) ?? 0) + share * own);
  };
  const seen = new Set<string>();
  for (const edge of follows) {
    const key = `${edge.source}|${edge.target}`;
    if (edge.edge_type !== 'FOLLOWS' || seen.has(key)) continue;
    seen.add(key);
    lend(edge.source, edge.target);
    lend(edge.target, edge.source);
  }
  const best = Math.max(0, ...combined.values());
  if (best > 0) for (const [id, value] of combined) combined.set(id, value / best);
  return combined;
}
