import { summaryId } from '../consolidation/summary-plan';
import { GraphStore } from '../graph/ports';
import { GraphNode, isSummaryNode, StoredSummary, summaryDepth } from '../graph/nodes';
import { PartitionRef } from '../scoping/partition';
import { AtlasNode, AtlasResponse, graphAtlasNode, pageEdges } from './atlas';
import { cutPage, RankingPage, resumeRanking } from './paging';
import { RankedReadDeps } from './ports';
import { rankNodes } from './ranking';

export interface WorkingMemoryRequest {
  sessionId: string;
  maxNodes: number;
  /** How many `SUMMARIZES` levels above the events are included (1: episode summaries, 2: also the session summary). */
  maxDepth: number;
  cursor?: string;
}

export interface WorkingMemoryDeps extends RankedReadDeps {
  graph: GraphStore;
}

/**
 * Working memory for a session (SPEC §7 `GET /v1/context`): its Event nodes and the Summary nodes
 * of the session covering them (episode, then session level, as `maxDepth` allows) ranked together
 * by composite score, paged through a snapshot of the first page's ranking. `scope` is null for an
 * unknown session.
 */
export async function workingMemory(deps: WorkingMemoryDeps, scope: PartitionRef | null, request: WorkingMemoryRequest): Promise<AtlasResponse> {
  const started = deps.clock.now();
  const subject = `context:${request.sessionId}`;
  const ranking: Ranking = request.cursor
    ? await resumeRanking(deps, scope, subject, request.cursor)
    : await freshRanking(deps, scope, request);
  const { ranked, offset } = ranking;
  const { slice: page, hasMore, cursor } = await cutPage(deps, scope, subject, ranking, request.maxNodes);

  const pageIds = page.map((r) => r.id);
  const nodes = scope ? await nodesById(deps, scope, pageIds, ranking.loaded) : new Map<string, GraphNode>();
  const edges = scope && pageIds.length ? await deps.graph.edgesOf(scope, pageIds) : [];
  const rankOf = new Map(ranked.map((r, i) => [r.id, i + 1]));

  const atlasNodes: Record<string, AtlasNode> = {};
  page.forEach((r, i) => {
    const node = nodes.get(r.id);
    if (node) atlasNodes[r.id] = graphAtlasNode(node, offset + i + 1, r.scores, 'direct');
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
  loaded?: GraphNode[];
}

async function freshRanking(deps: WorkingMemoryDeps, scope: PartitionRef | null, request: WorkingMemoryRequest): Promise<Ranking> {
  if (!scope) return { ranked: [], offset: 0, meta: {} };
  const ids = await deps.graph.sessionNodeIds(scope, request.sessionId);
  const events = ids.length ? await deps.graph.eventNodes(scope, ids) : [];
  const summaries = await sessionSummaries(deps.graph, scope, request.sessionId, events.map((e) => e.id), request.maxDepth);
  const loaded: GraphNode[] = [...events, ...summaries];
  return { ranked: rankNodes(loaded, deps.clock.now(), deps.scoring), offset: 0, meta: {}, loaded };
}

/**
 * The session's Summary nodes up to `maxDepth` levels above its events: the summaries its events'
 * incoming `SUMMARIZES` edges name (episodes), and the session summary by its id with the episodes
 * it summarizes — so a session whose events forgetting pruned still shows its summaries. Only
 * summaries of this session are kept (the agent-scope summary covers more than the session).
 */
export async function sessionSummaries(graph: Pick<GraphStore, 'nodes' | 'summarizersOf' | 'edgesOf'>, scope: PartitionRef, sessionId: string, eventIds: string[], maxDepth: number): Promise<StoredSummary[]> {
  const sessionSummaryId = summaryId('session', sessionId);
  const [covering, ofSession] = await Promise.all([
    eventIds.length ? graph.summarizersOf(scope, eventIds) : Promise.resolve([]),
    graph.edgesOf(scope, [sessionSummaryId]),
  ]);
  const candidates = new Set<string>([
    ...covering.map((e) => e.source),
    sessionSummaryId,
    ...ofSession.filter((e) => e.edge_type === 'SUMMARIZES' && e.source === sessionSummaryId).map((e) => e.target),
  ]);
  const nodes = await graph.nodes(scope, [...candidates].sort());
  return nodes.filter((n): n is StoredSummary =>
    isSummaryNode(n) && n.session_id === sessionId && summaryDepth(n.level) <= maxDepth);
}

async function nodesById(deps: WorkingMemoryDeps, scope: PartitionRef, ids: string[], loaded?: GraphNode[]): Promise<Map<string, GraphNode>> {
  const source = loaded ?? (ids.length ? await deps.graph.nodes(scope, ids) : []);
  return new Map(source.map((n) => [n.id, n]));
}
