import { EventNode } from '../graph/model';
import { GraphNode, scoreInputOf } from '../graph/nodes';
import { NodeScores, ScoringParams, scoreNode } from '../scoring/score';

export interface RankedNode {
  id: string;
  scores: NodeScores;
}

/**
 * Orders Event and Summary nodes by composite score desc; ties by later `occurred_at` (a summary's
 * newest covered event), then node id ascending (SPEC §7).
 */
export function rankNodes<T extends GraphNode>(nodes: T[], now: number, params: ScoringParams, cosineOf?: (node: T) => number | undefined): RankedNode[] {
  const scored = nodes.map((node) => ({ node, scores: scoreNode(scoreInputOf(node, cosineOf?.(node)), now, params) }));
  scored.sort((x, y) =>
    y.scores.score - x.scores.score ||
    y.node.occurred_ms - x.node.occurred_ms ||
    (x.node.id < y.node.id ? -1 : x.node.id > y.node.id ? 1 : 0));
  return scored.map(({ node, scores }) => ({ id: node.id, scores }));
}

/** `rankNodes` over Event nodes only. */
export function rankEventNodes(nodes: EventNode[], now: number, params: ScoringParams, cosineOf?: (node: EventNode) => number | undefined): RankedNode[] {
  return rankNodes(nodes, now, params, cosineOf);
}
