import { EventNode } from '../graph/model';
import { NodeScores, ScoringParams, scoreNode } from '../scoring/score';

export interface RankedNode {
  id: string;
  scores: NodeScores;
}

/** Orders nodes by score desc; ties by later `occurred_at`, then node id ascending (SPEC §7). */
export function rankEventNodes(nodes: EventNode[], now: number, params: ScoringParams, cosineOf?: (node: EventNode) => number | undefined): RankedNode[] {
  const scored = nodes.map((node) => ({
    node,
    scores: scoreNode({
      occurredMs: node.occurred_ms,
      lastAccessedMs: node.last_accessed_ms,
      accessCount: node.access_count,
      importanceScore: node.importance_score,
      cosine: cosineOf?.(node),
    }, now, params),
  }));
  scored.sort((x, y) =>
    y.scores.score - x.scores.score ||
    y.node.occurred_ms - x.node.occurred_ms ||
    (x.node.id < y.node.id ? -1 : x.node.id > y.node.id ? 1 : 0));
  return scored.map(({ node, scores }) => ({ id: node.id, scores }));
}
