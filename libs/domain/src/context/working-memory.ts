import { GraphStore } from '../graph/ports';
import { EventNode } from '../graph/model';
import { PartitionRef } from '../scoping/partition';
import { AtlasNode, AtlasResponse, eventAtlasNode, pageEdges } from './atlas';
import { cutPage, RankingPage, resumeRanking } from './paging';
import { RankedReadDeps } from './ports';
import { rankEventNodes } from './ranking';

export interface WorkingMemoryRequest {
  sessionId: string;
  maxNodes: number;
  maxDepth: number;
  cursor?: string;
}

export interface WorkingMemoryDeps extends RankedReadDeps {
  graph: GraphStore;
}

/**
 * Working memory for a session (SPEC §7 `GET /v1/context`): its Event nodes ranked by composite
 * score, paged through a snapshot of the first page's ranking. `scope` is null for an unknown session.
 */
export async function workingMemory(deps: WorkingMemoryDeps, scope: PartitionRef | null, request: WorkingMemoryRequest): Promise<AtlasResponse> {
  const started = deps.clock.now();
  const subject = `context:${request.sessionId}`;
  const ranking: Ranking = request.cursor
    ? await resumeRanking(deps, scope, subject, request.cursor)
    : await freshRanking(deps, scope, request.sessionId);
  const { ranked, offset } = ranking;
  const { slice: page, hasMore, cursor } = await cutPage(deps, scope, subject, ranking, request.maxNodes);

  const pageIds = page.map((r) => r.id);
  const nodes = scope ? await nodesById(deps, scope, pageIds, ranking.loaded) : new Map<string, EventNode>();
  const edges = scope && pageIds.length ? await deps.graph.edgesOf(scope, pageIds) : [];
  const rankOf = new Map(ranked.map((r, i) => [r.id, i + 1]));

  const atlasNodes: Record<string, AtlasNode> = {};
  page.forEach((r, i) => {
    const node = nodes.get(r.id);
    if (node) atlasNodes[r.id] = eventAtlasNode(node, offset + i + 1, r.scores, 'direct');
  });
  if (scope && pageIds.length) {
    deps.graph.bumpAccess(scope, pageIds, started, deps.accessBumpIntervalMs).catch(deps.onBackgroundError);
  }

  return {
    nodes: atlasNodes,
    edges: pageEdges(edges, rankOf, offset + 1, offset + page.length),
    pagination: { cursor, has_more: hasMore },
    meta: {
      query_id: deps.newId(),
      query_ms: Math.max(0, deps.clock.now() - started),
      nodes_returned: Object.keys(atlasNodes).length,
      truncated: false,
      scoring_weights: deps.scoring.weights,
      capacity: { max_nodes: request.maxNodes, used_nodes: Object.keys(atlasNodes).length, max_depth: request.maxDepth },
      total_nodes: ranked.length,
    },
  };
}

/** A fresh ranking keeps the nodes it loaded, so the first page reads them only once. */
interface Ranking extends RankingPage {
  loaded?: EventNode[];
}

async function freshRanking(deps: WorkingMemoryDeps, scope: PartitionRef | null, sessionId: string): Promise<Ranking> {
  if (!scope) return { ranked: [], offset: 0, meta: {} };
  const ids = await deps.graph.sessionNodeIds(scope, sessionId);
  const loaded = ids.length ? await deps.graph.eventNodes(scope, ids) : [];
  return { ranked: rankEventNodes(loaded, deps.clock.now(), deps.scoring), offset: 0, meta: {}, loaded };
}

async function nodesById(deps: WorkingMemoryDeps, scope: PartitionRef, ids: string[], loaded?: EventNode[]): Promise<Map<string, EventNode>> {
  const source = loaded ?? (ids.length ? await deps.graph.eventNodes(scope, ids) : []);
  return new Map(source.map((n) => [n.id, n]));
}
