import { Clock } from '../clock';
import { EdgeType, GraphEdge } from '../graph/model';
import { PriorityQueue } from './priority-queue';

export interface TraversalPort {
  /** Every edge touching any of these nodes, both directions. */
  edgesOf(ids: string[]): Promise<GraphEdge[]>;
}

export interface TraversalBounds {
  maxDepth: number;
  maxNodes: number;
  /** epoch ms; compared with clock.now() */
  deadline: number;
}

export interface ReachedNode {
  id: string;
  depth: number;
  /** seed score decayed along the best path: parentScore × edgeWeight / maxWeight × decay */
  score: number;
  seed: boolean;
  via?: GraphEdge;
}

export interface TraversalResult {
  /** In the order the walk reached them: best first, seeds and the nodes found from them alike. */
  nodes: ReachedNode[];
  /** edges walked between reached nodes */
  edges: GraphEdge[];
  truncated: boolean;
  /** which bound cut it: 'depth' | 'nodes' | 'time' | null */
  cutBy: 'nodes' | 'time' | 'depth' | null;
}

export interface TraversalOptions {
  /** Per-hop decay in (0, 1]; at most 1 so scores never grow along a path, which keeps best-first exact. */
  decay?: number;
  /** Awaited before each edgesOf call, so tests can make the walk slow on purpose. */
  beforeExpand?: () => Promise<void>;
  /**
   * Open nodes expanded per edgesOf call (default 1: exact best-first). More saves round trips; a
   * node found from one of the batch may then outscore a later member it would have preceded.
   */
  expandBatch?: number;
  /**
   * What share in [0, 1] of its score a node passes on to its neighbours, given its edges (default 1):
   * how a caller keeps a hub — an entity most of the scope mentions — from lending it to all of them.
   */
  passOn?: (id: string, edges: readonly GraphEdge[]) => number;
  /** Edge types followed without the per-hop decay (their weight still applies): one causal chain is one explanation. */
  undecayed?: readonly EdgeType[];
}

export const DEFAULT_TRAVERSAL_DECAY = 0.7;

/**
 * Best-first bounded walk from the seeds (SPEC §8). The highest-score open node is expanded next,
 * following edges both ways weighted by `weights` (weight ≤ 0: never followed). A node joins the
 * result when it is the best open node, so the result is the top of the reachable nodes by score.
 *
 * Bounds hold on every path: never more than `maxNodes` nodes (seeds included, best kept), never
 * deeper than `maxDepth` hops, and no edgesOf call once `clock.now() >= deadline`. A cut reports
 * `truncated` and the bound; a walk that ends with nodes at `maxDepth` makes one batched edgesOf
 * call to tell whether the depth bound actually hid anything.
 */
export async function traverse(
  seeds: readonly { id: string; score: number }[],
  port: TraversalPort,
  weights: Record<EdgeType, number>,
  bounds: TraversalBounds,
  clock: Clock,
  options: TraversalOptions = {},
): Promise<TraversalResult> {
  const decay = options.decay ?? DEFAULT_TRAVERSAL_DECAY;
  if (!(decay > 0 && decay <= 1)) throw new RangeError(`traversal decay must be in (0, 1], got ${decay}`);
  const weightOf = (edge: GraphEdge) => Math.max(0, weights[edge.edge_type] ?? 0);
  const undecayed = new Set(options.undecayed ?? []);
  const factorOf = (edge: GraphEdge) => (weightOf(edge) / maxWeight) * (undecayed.has(edge.edge_type) ? 1 : decay);
  /** What each expanded node passes on (see passOn). */
  const shares = new Map<string, number>();
  const maxWeight = Math.max(0, ...Object.values(weights));

  const reached = new Map<string, ReachedNode>();
  /** Best known path to each node found but not yet reached. */
  const open = new Map<string, ReachedNode>();
  const queue = new PriorityQueue<ReachedNode>(ranksBefore);
  const seen = new Map<string, GraphEdge>();
  const atMaxDepth: string[] = [];
  let cutBy: TraversalResult['cutBy'] = null;

  // Every edgesOf call goes through here: the slow-walk hook, then the deadline, then the port.
  const fetchEdges = async (ids: string[]): Promise<GraphEdge[] | null> => {
    await options.beforeExpand?.();
    if (clock.now() >= bounds.deadline) return null;
    const keyed = (await port.edgesOf(ids))
      .filter((edge) => edge.source !== edge.target && weightOf(edge) > 0)
      .map((edge) => ({ key: edgeKey(edge), edge }))
      .sort((a, b) => compareIds(a.key, b.key));
    for (const { key, edge } of keyed) seen.set(key, edge);
    return keyed.map(({ edge }) => edge);
  };

  // Seeds start open, like any node found: a seed a better path reaches (a weak match caused by a
  // strong one) takes that path's score. Seeds that fill the pool on their own are the result.
  const starting = bestSeeds(seeds);
  const seedsFill = starting.length >= bounds.maxNodes;
  for (const seed of starting) {
    if (seedsFill && reached.size >= bounds.maxNodes) {
      cutBy = 'nodes';
      break;
    }
    const node: ReachedNode = { id: seed.id, depth: 0, score: seed.score, seed: true };
    (seedsFill ? reached : open).set(node.id, node);
    queue.push(node);
  }

  const batchSize = Math.max(1, Math.floor(options.expandBatch ?? 1));
  while (cutBy === null && queue.size > 0) {
    const batch: ReachedNode[] = [];
    while (batch.length < batchSize && queue.size > 0) {
      // Full while something reachable is still waiting: that node is what the bound cuts.
      if (reached.size >= bounds.maxNodes && open.size > 0) {
        cutBy = 'nodes';
        break;
      }
      const node = queue.pop() as ReachedNode;
      // A stale entry: the node was reached, or found again by a better path, since it was queued.
      if ((reached.get(node.id) ?? open.get(node.id)) !== node) continue;
      if (!reached.has(node.id)) {
        open.delete(node.id);
        reached.set(node.id, node);
      }
      if (node.depth >= bounds.maxDepth) atMaxDepth.push(node.id);
      else batch.push(node);
    }
    if (!batch.length) continue;
    const edges = await fetchEdges(batch.map((n) => n.id));
    if (edges === null) {
      cutBy = 'time';
      break;
    }
    for (const node of batch) {
      const share = options.passOn?.(node.id, edges.filter((edge) => edge.source === node.id || edge.target === node.id)) ?? 1;
      shares.set(node.id, share);
      for (const edge of edges) {
        const other = edge.source === node.id ? edge.target : edge.target === node.id ? edge.source : undefined;
        if (other === undefined || reached.has(other)) continue;
        const score = node.score * factorOf(edge) * share;
        const known = open.get(other);
        if (known && known.score >= score) continue;
        const found: ReachedNode = { id: other, depth: node.depth + 1, score, seed: known?.seed ?? false, via: edge };
        open.set(other, found);
        queue.push(found);
      }
    }
  }

  // Seeds a time cut left open are results all the same, best first, within the node bound.
  for (const node of [...open.values()].filter((n) => n.seed).sort((a, b) => (ranksBefore(a, b) ? -1 : 1))) {
    if (reached.size >= bounds.maxNodes) break;
    reached.set(node.id, node);
  }

  if (cutBy === null && atMaxDepth.length > 0) {
    const beyond = await fetchEdges(atMaxDepth);
    if (beyond === null) cutBy = 'time';
    else if (beyond.some((edge) => !reached.has(edge.source) || !reached.has(edge.target))) cutBy = 'depth';
  }

  const edges = [...seen.values()].filter((edge) => reached.has(edge.source) && reached.has(edge.target));
  settleScores(reached, edges, (edge, from) => factorOf(edge) * (shares.get(from) ?? 1), bounds.maxDepth);
  return { nodes: [...reached.values()], edges, truncated: cutBy !== null, cutBy };
}

/**
 * Gives every reached node its best path's score over the walked edges. Expanding in batches, and
 * seeds taken up together with the nodes they lead to, can fix a node's score before a better path
 * to it was seen (a weak seed caused by a strong one); relaxing the walked edges (each factor ≤ 1, so
 * it settles) corrects that without reading anything more.
 */
function settleScores(reached: Map<string, ReachedNode>, edges: readonly GraphEdge[], factor: (edge: GraphEdge, from: string) => number, maxDepth: number): void {
  // Scores only rise, along simple paths: it settles within as many rounds as there are nodes.
  for (let round = 0; round < reached.size; round++) {
    let changed = false;
    for (const edge of edges) {
      for (const [from, to] of [[edge.source, edge.target], [edge.target, edge.source]]) {
        const source = reached.get(from) as ReachedNode;
        const target = reached.get(to) as ReachedNode;
        const score = source.score * factor(edge, from);
        if (score > target.score + 1e-12 && source.depth < maxDepth) {
          Object.assign(target, { score, depth: source.depth + 1, via: edge });
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}

/** Higher score first; ties by id ascending, so the walk is the same whatever order the port answers in. */
function ranksBefore(a: ReachedNode, b: ReachedNode): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/** One entry per seed id (its best score), best first. */
function bestSeeds(seeds: readonly { id: string; score: number }[]): { id: string; score: number }[] {
  const best = new Map<string, number>();
  for (const { id, score } of seeds) best.set(id, Math.max(score, best.get(id) ?? -Infinity));
  return [...best]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || compareIds(a.id, b.id));
}

function edgeKey(edge: GraphEdge): string {
  return `${edge.edge_type}|${edge.source}|${edge.target}`;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
