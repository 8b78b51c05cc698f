import { AtlasResponse } from '../context/atlas';
import { cutPage, RankingPage, resumeRanking } from '../context/paging';
import { RankedReadDeps } from '../context/ports';
import { AgentScope } from '../enrichment/ports';
import { cosine } from '../enrichment/similarity';
import { isEntityId } from '../graph/entities';
import { EdgeType } from '../graph/model';
import { GraphNode, scoreInputOf } from '../graph/nodes';
import { DEFAULT_IMPORTANCE } from '../projection/project-event';
import { scoreNode } from '../scoring/score';
import { answerTypeBoost } from './answer-type';
import { WALK_POOL_FACTOR } from './bounds';
import { entitySpecificity } from './entity-specificity';
import { edgeWeights, inferIntents, IntentScores } from './intents';
import { rankInBands } from './relevance-bands';
import { scopedPage } from './scoped-page';
import { findSeeds, Seeds } from './seeds';
import { SubgraphPorts, SubgraphRequest } from './subgraph-ports';
import { ReachedNode, traverse } from './traversal';

export type { SubgraphPorts, SubgraphRequest } from './subgraph-ports';

export interface SubgraphDeps extends RankedReadDeps {
  ports: SubgraphPorts;
}

/**
 * A walk loses nothing along CAUSED_BY: the failure a question matches, the steps that investigated
 * it and the cause they found are one explanation (the story test: "why did the deployment fail?"
 * finds the missing secret). Other edges decay per hop as usual.
 */
const CAUSAL: EdgeType[] = ['CAUSED_BY'];
/** Open nodes expanded per graph round trip: the walk's cost is its round trips. */
const EXPAND_BATCH = 8;

/**
 * The main retrieval (SPEC §8): infer intents, find seeds through entity, vector and lexical
 * channels fused by RRF, walk the agent scope's graph within bounds weighted by intent, rank by the
 * composite score with MMR diversity, and page through a snapshot of that ranking.
 */
export async function querySubgraph(deps: SubgraphDeps, scope: AgentScope, request: SubgraphRequest): Promise<AtlasResponse> {
  const started = deps.clock.now();
  const subject = `subgraph:${scope.agentId}:${request.sessionId}:${request.query}`;
  const page = request.cursor ? await resumeRanking(deps, scope, subject, request.cursor) : await search(deps, scope, request, started);
  const ranked = deps.clock.now();
  const { slice, hasMore, cursor } = await cutPage(deps, scope, subject, page, request.maxNodes);
  const { direct: seedIds, ...found } = page.meta as { direct: string[]; truncated: boolean };

  const direct = new Set(seedIds);
  const { nodes, edges, graphNodes } = await scopedPage(deps.ports, scope, page, slice, (id) => (direct.has(id) ? 'direct' : 'proactive'));
  const bumped = Object.keys(nodes).filter((id) => direct.has(id) && graphNodes.has(id));
  if (bumped.length) deps.ports.bumpAccess(scope, bumped, started, deps.accessBumpIntervalMs).catch(deps.onBackgroundError);

  const returned = Object.keys(nodes).length;
  return {
    nodes,
    edges,
    pagination: { cursor, has_more: hasMore },
    meta: {
      ...found,
      query_id: deps.newId(),
      query_ms: Math.max(0, deps.clock.now() - started),
      // Where the time went: finding seeds, walking, scoring the candidates, cutting and rendering the page.
      timings_ms: { ...(request.cursor ? {} : (found as { timings_ms?: object }).timings_ms), page: Math.max(0, deps.clock.now() - ranked) },
      nodes_returned: returned,
      proactive_nodes_count: Object.values(nodes).filter((n) => n.retrieval_reason === 'proactive').length,
      scoring_weights: deps.scoring.weights,
      capacity: { max_nodes: request.maxNodes, used_nodes: returned, max_depth: request.maxDepth },
    } as AtlasResponse['meta'],
  };
}

/** A fresh ranking; `meta.direct` holds the seeds (returned `direct`; the rest the walk found, `proactive`). */
async function search(deps: SubgraphDeps, scope: AgentScope, request: SubgraphRequest, started: number): Promise<RankingPage> {
  const { ports } = deps;
  const inferred = inferIntents(request.query);
  const intents: IntentScores = request.intent ? { [request.intent]: 1 } : inferred;
  const lap = stopwatch(deps.clock);
  const found = await findSeeds(ports, scope, request);
  const { seeds, strength, query } = found;
  const seeded = lap();
  const walk = await traverse(
    seeds.map((s) => ({ id: s.id, score: strength.get(s.id) ?? 0 })),
    { edgesOf: (ids) => ports.edgesOf(scope, ids) },
    edgeWeights(intents),
    { maxDepth: request.maxDepth, maxNodes: WALK_POOL_FACTOR * request.maxNodes, deadline: started + request.timeoutMs },
    deps.clock,
    {
      beforeExpand: deps.beforeExpand, expandBatch: EXPAND_BATCH, undecayed: CAUSAL,
      passOn: (id, edges) => (isEntityId(id) ? entitySpecificity(edges.filter((e) => e.edge_type === 'REFERENCES').length, found.scopeEvents) : 1),
    },
  );
  const walked = lap();
  const ranked = rankInBands(await candidates(deps, scope, walk.nodes, found, intents), (a, b) => (a.vector && b.vector ? cosine(a.vector, b.vector) : 0), request.maxNodes);
  return {
    ranked: ranked.map(({ id, scores }) => ({ id, scores })),
    offset: 0,
    meta: {
      truncated: walk.truncated,
      truncated_by: walk.cutBy,
      timings_ms: { seeds: seeded, walk: walked, rank: lap() },
      inferred_intents: inferred,
      intent_override: request.intent ?? null,
      seed_nodes: seeds.map((s) => s.id),
      retrieval_channels: found.counts,
      vector_channel: query ? query.model : 'unavailable',
      direct: seeds.map((s) => s.id),
    },
  };
}

/**
 * Every node the walk reached, scored: events and summaries alike (a summary found by a channel is a
 * seed, one the walk reached over SUMMARIZES a proactive node; only the scope's own are kept) and the
 * entities. Relevance is the walk's score (a seed's is its strength) plus the expected-answer-type
 * gain; the composite score of SPEC §6 takes the vector's cosine where that is higher.
 */
async function candidates(deps: SubgraphDeps, scope: AgentScope, reached: ReachedNode[], found: Seeds, intents: IntentScores) {
  const { ports } = deps;
  const embedded = found.query;
  const nodes = (await ports.nodes(scope, reached.map((n) => n.id).filter((id) => !isEntityId(id)))).filter((n) => n.agent_id === scope.agentId);
  const vectors = embedded ? await ports.vectorsOf(scope, embedded.model, nodes.map((n) => n.id)).catch(() => new Map<string, Float32Array>()) : new Map<string, Float32Array>();
  const now = deps.clock.now();
  const walkScore = new Map(reached.map((n) => [n.id, n.score]));
  const named = new Set(found.named);
  const scored = nodes.map((node) => {
    const vector = vectors.get(node.id);
    const walk = walkScore.get(node.id) ?? 0;
    const scores = scoreNode(scoreInputOf(node, relevanceCosine(embedded && vector ? cosine(embedded.vector, vector) : undefined, walk)), now, deps.scoring);
    const relevance = walk + answerTypeBoost(intents, { entities: node.entities, text: textOf(node) }, named);
    return { id: node.id, vector, scores, relevance, score: scores.score };
  });
  const entity = scoreNode({ occurredMs: now, accessCount: 0, importanceScore: DEFAULT_IMPORTANCE }, now, deps.scoring);
  const entities = reached.filter((n) => isEntityId(n.id)).map((n) => ({ id: n.id, scores: entity, relevance: n.score, score: entity.score, vector: undefined }));
  return [...scored, ...entities];
}

/**
 * How relevant a node is to the query, as a cosine for the §6 relevance term: the vector's cosine,
 * raised to what the walk found — a seed's fused channel score, decayed along the path to the node —
 * so matches found by entities or terms count even where vectors are missing or weak.
 */
function relevanceCosine(vectorCosine: number | undefined, walk: number | undefined): number | undefined {
  const fromWalk = walk === undefined ? undefined : 2 * walk - 1; // walk score in [0, 1] → cosine scale
  if (vectorCosine === undefined) return fromWalk;
  return fromWalk === undefined ? vectorCosine : Math.max(vectorCosine, fromWalk);
}

/** What a node says: an event's text, a summary's summary. */
function textOf(node: GraphNode): string | undefined {
  return node.node_type === 'Summary' ? node.summary : node.text;
}





/** Milliseconds since the previous call (the first: since it was made). */
function stopwatch(clock: { now(): number }): () => number {
  let last = clock.now();
  return () => {
    const now = clock.now();
    const lapped = Math.max(0, now - last);
    last = now;
    return lapped;
  };
}
