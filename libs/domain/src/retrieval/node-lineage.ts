import { isSummaryId } from '../consolidation/summary-plan';
import { AtlasResponse } from '../context/atlas';
import { cutPage, RankingPage, resumeRanking } from '../context/paging';
import { RankedReadDeps } from '../context/ports';
import { RankedNode } from '../context/ranking';
import { AgentScope } from '../enrichment/ports';
import { DomainError } from '../errors';
import { isEntityId, StoredEntity } from '../graph/entities';
import { GraphEdge } from '../graph/model';
import { GraphNode, scoreInputOf } from '../graph/nodes';
import { DEFAULT_IMPORTANCE } from '../projection/project-event';
import { allPartitions, partitionOf } from '../scoping/partition';
import { NodeScores, ScoringParams, scoreNode } from '../scoring/score';
import { RETRIEVAL_BOUNDS, WALK_POOL_FACTOR } from './bounds';
import { edgeWeights, Intent } from './intents';
import { scopedPage, ScopedPagePorts } from './scoped-page';
import { traverse } from './traversal';

export interface LineageRequest {
  nodeId: string;
  /** Required for an entity id (entities live per agent scope); for an event or a summary it only narrows the lookup. */
  agentId?: string;
  intent: Intent;
  maxDepth: number;
  maxNodes: number;
  cursor?: string;
}

/** The graph reads lineage needs; `nodes` answers by id within a partition, whatever the agent. */
export type LineagePorts = ScopedPagePorts;

export interface LineageDeps extends RankedReadDeps {
  ports: LineagePorts;
  partitions: number;
}

/**
 * `GET /v1/nodes/{node_id}/lineage` (SPEC §7, §8): a bounded walk from one node weighted by the
 * intent's row (under `why` CAUSED_BY dominates; edges are followed both ways, so ancestors and
 * descendants alike — from a Summary down its SUMMARIZES edges to the events it covers). The start
 * node ranks first (`direct`), then what the walk reached — events, summaries, entities — by the
 * composite score (`proactive`). Only the start node's agent scope in the caller's tenant is read.
 */
export async function nodeLineage(deps: LineageDeps, tenant: string, request: LineageRequest): Promise<AtlasResponse> {
  const started = deps.clock.now();
  const start = await locate(deps, tenant, request);
  const { scope } = start;
  const subject = `lineage:${start.id}:${request.intent}:${request.maxDepth}`;
  const page = request.cursor ? await resumeRanking(deps, scope, subject, request.cursor) : await walk(deps, start, request, started);
  const { slice, hasMore, cursor } = await cutPage(deps, scope, subject, page, request.maxNodes);

  const { nodes, edges } = await scopedPage(deps.ports, scope, page, slice, (id) => (id === start.id ? 'direct' : 'proactive'));

  const returned = Object.keys(nodes).length;
  return {
    nodes,
    edges,
    pagination: { cursor, has_more: hasMore },
    meta: {
      query_id: deps.newId(),
      query_ms: Math.max(0, deps.clock.now() - started),
      nodes_returned: returned,
      truncated: Boolean(page.meta.truncated),
      truncated_by: page.meta.truncated_by ?? null,
      intent: request.intent,
      start_node: start.id,
      scoring_weights: deps.scoring.weights,
      capacity: { max_nodes: request.maxNodes, used_nodes: returned, max_depth: request.maxDepth },
    },
  };
}

interface StartNode {
  id: string;
  scope: AgentScope;
  node?: GraphNode;
  entity?: StoredEntity;
}

/**
 * The start node and its agent scope. An event or summary id is looked up in every partition of
 * the tenant (partitions are chosen by agent, which the caller need not know); its scope is its own
 * agent's. Event ids are UUIDs (matched case-insensitively); a summary id keeps its case (it
 * carries a session or agent id).
 */
async function locate(deps: LineageDeps, tenant: string, request: LineageRequest): Promise<StartNode> {
  const notFound = () => new DomainError('not_found', `node ${request.nodeId} not found`);
  if (isEntityId(request.nodeId)) {
    if (!request.agentId) throw new DomainError('validation_failed', '1 field is invalid', [{ field: 'agent_id', message: 'is required for an entity node id' }]);
    const scope = agentScope(tenant, request.agentId, deps.partitions);
    const entity = await deps.ports.entity(scope, request.nodeId);
    if (!entity) throw notFound();
    return { id: entity.id, scope, entity };
  }
  const id = isSummaryId(request.nodeId) ? request.nodeId : request.nodeId.toLowerCase();
  const partitions = request.agentId ? [agentScope(tenant, request.agentId, deps.partitions)] : allPartitions(tenant, deps.partitions);
  const found = (await Promise.all(partitions.map((p) => deps.ports.nodes(p, [id])))).flat();
  const node = found.find((n) => n.id === id && (!request.agentId || n.agent_id === request.agentId));
  if (!node) throw notFound();
  return { id, scope: agentScope(tenant, node.agent_id, deps.partitions), node };
}

function agentScope(tenant: string, agentId: string, partitions: number): AgentScope {
  return { tenant, partition: partitionOf(agentId, partitions), agentId };
}

async function walk(deps: LineageDeps, start: StartNode, request: LineageRequest, started: number): Promise<RankingPage> {
  const { scope } = start;
  const scoped = new ScopedGraph(deps.ports, scope);
  if (start.node) scoped.known.set(start.id, start.node);
  const result = await traverse(
    [{ id: start.id, score: 1 }],
    scoped,
    edgeWeights({ [request.intent]: 1 }),
    // No caller timeout on this read: the retrieval default keeps a huge neighbourhood from running on.
    { maxDepth: request.maxDepth, maxNodes: WALK_POOL_FACTOR * request.maxNodes, deadline: started + RETRIEVAL_BOUNDS.timeoutMs.default },
    deps.clock,
    { beforeExpand: deps.beforeExpand },
  );

  const now = deps.clock.now();
  const scored: RankedNode[] = [];
  for (const reached of result.nodes) {
    const node = scoped.known.get(reached.id) ?? undefined;
    if (!node && !isEntityId(reached.id)) continue;
    const scores = node ? nodeScores(node, reached.score, now, deps.scoring) : entityScores(reached.score, now, deps.scoring);
    scored.push({ id: reached.id, scores });
  }
  const [first, rest] = [scored.filter((n) => n.id === start.id), scored.filter((n) => n.id !== start.id)];
  rest.sort((a, b) => b.scores.score - a.scores.score || (a.id < b.id ? -1 : 1));
  return { ranked: [...first, ...rest], offset: 0, meta: { truncated: result.truncated, truncated_by: result.cutBy } };
}

/**
 * The traversal port over one agent scope. Event and Summary nodes live per partition, so an edge (a
 * causal parent, say) may lead to another agent's node: such edges are dropped before the walk sees
 * them, so it never passes through — or counts toward its bounds — a node the caller may not see.
 */
class ScopedGraph {
  /** Event and Summary nodes looked up so far; null for an id that is no node of this scope. */
  readonly known = new Map<string, GraphNode | null>();

  constructor(private readonly ports: LineagePorts, private readonly scope: AgentScope) {}

  async edgesOf(ids: string[]): Promise<GraphEdge[]> {
    const edges = await this.ports.edgesOf(this.scope, ids);
    const unknown = [...new Set(edges.flatMap((e) => [e.source, e.target]))].filter((id) => !isEntityId(id) && !this.known.has(id));
    if (unknown.length) {
      for (const id of unknown) this.known.set(id, null);
      for (const node of await this.ports.nodes(this.scope, unknown)) {
        if (node.agent_id === this.scope.agentId) this.known.set(node.id, node);
      }
    }
    return edges.filter((e) => this.visible(e.source) && this.visible(e.target));
  }

  /** Entities resolve under the scope's own keys; an event or a summary must be this agent's. */
  private visible(id: string): boolean {
    return isEntityId(id) || Boolean(this.known.get(id));
  }
}

/** The walk's score (1 at the start, decayed per hop and by edge weight) stands in for relevance: there is no query. */
function nodeScores(node: GraphNode, walkScore: number, now: number, scoring: ScoringParams): NodeScores {
  return scoreNode(scoreInputOf(node, 2 * walkScore - 1), now, scoring);
}

function entityScores(walkScore: number, now: number, scoring: ScoringParams): NodeScores {
  return scoreNode({ occurredMs: now, accessCount: 0, importanceScore: DEFAULT_IMPORTANCE, cosine: 2 * walkScore - 1 }, now, scoring);
}
