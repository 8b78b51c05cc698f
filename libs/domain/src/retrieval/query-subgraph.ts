import { AtlasResponse } from '../context/atlas';
import { cutPage, RankingPage, resumeRanking } from '../context/paging';
import { RankedReadDeps } from '../context/ports';
import { entityAliasIds } from '../enrichment/resolve-entity';
import { AgentScope, LexicalIndex, ScoredId, TextAnalyzer } from '../enrichment/ports';
import { cosine } from '../enrichment/similarity';
import { isEntityId } from '../graph/entities';
import { EdgeType } from '../graph/model';
import { GraphNode, scoreInputOf } from '../graph/nodes';
import { DEFAULT_IMPORTANCE } from '../projection/project-event';
import { NodeScores, scoreNode } from '../scoring/score';
import { WALK_POOL_FACTOR } from './bounds';
import { reciprocalRankFusion } from './fusion';
import { edgeWeights, inferIntents, Intent, IntentScores } from './intents';
import { matchStrength } from './match-strength';
import { mmr } from './mmr';
import { answerTypeBoost } from './answer-type';
import { entitySpecificity } from './entity-specificity';
import { composePage } from './page-composition';
import { scopedPage, ScopedPagePorts } from './scoped-page';
import { CONTEXT_SOURCES, withSessionContext } from './session-context';
import { traverse } from './traversal';

export interface SubgraphRequest {
  query: string;
  sessionId: string;
  maxNodes: number;
  maxDepth: number;
  timeoutMs: number;
  intent?: Intent;
  seedNodes?: string[];
  cursor?: string;
}

/** The reads retrieval needs of one agent scope; every adapter answers within that scope only. */
export interface SubgraphPorts extends ScopedPagePorts {
  analyzer: TextAnalyzer;
  entityByAlias(scope: AgentScope, alias: string): Promise<string | null>;
  /** How many events reference each entity, and how many events the scope holds. */
  referenceCounts(scope: AgentScope, entityIds: string[]): Promise<{ references: number[]; events: number }>;
  /** The query's vector from the enrichment service (same model as stored vectors); throws when none answers in time. */
  embedQuery(text: string): Promise<{ model: string; vector: number[] }>;
  nearest(scope: AgentScope, model: string, vector: Float32Array, limit: number, minScore: number): Promise<{ id: string; score: number }[]>;
  vectorsOf(scope: AgentScope, model: string, ids: string[]): Promise<Map<string, Float32Array>>;
  lexical: LexicalIndex;
  bumpAccess(scope: AgentScope, ids: string[], now: number, minIntervalMs: number): Promise<void>;
}

export interface SubgraphDeps extends RankedReadDeps {
  ports: SubgraphPorts;
}

/**
 * How many ids each seed channel contributes, and how many fused seeds start the walk: two per place
 * on the page (at most SEED_LIMIT), which leaves a third of the walk's pool (WALK_POOL_FACTOR places
 * each) to what it finds beyond them. Measured on the dev conversations and the generator's dev seed:
 * 20 seeds from 20 per channel lost exact matches past the 20th lexical hit (recall@10 0.69 / 0.72);
 * 40 from 60 keep them (0.71 / 0.79); more seeds than that crowd out the walk for no gain.
 */
const CHANNEL_LIMIT = 60;
const SEED_LIMIT = 60;
const SEEDS_PER_PLACE = 2;
/**
 * A walk loses nothing along CAUSED_BY: the failure a question matches, the steps that investigated
 * it and the cause they found are one explanation (the story test: "why did the deployment fail?"
 * finds the missing secret). Other edges decay per hop as usual.
 */
const CAUSAL: EdgeType[] = ['CAUSED_BY'];
/** Vector hits below this cosine are noise, not seeds. */
const MIN_VECTOR_SEED = 0.3;
/** Open nodes expanded per graph round trip: the walk's cost is its round trips. */
const EXPAND_BATCH = 8;
/** Width of a relevance band: nodes whose relevance differs by less are ordered by their composite score. */
const RELEVANCE_BAND = 0.2;

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
  // The channels run at once; only the vector channel waits for the query's embedding.
  const embedding = embed(ports, request.query);
  const [entitySeeds, vectorHits, lexicalHits, query] = await Promise.all([
    entityChannel(ports, scope, request.query).catch(() => []),
    embedding.then((q) => (q ? ports.nearest(scope, q.model, q.vector, CHANNEL_LIMIT, MIN_VECTOR_SEED).catch(() => []) : [])),
    ports.lexical.search(scope, ports.analyzer.terms(request.query), CHANNEL_LIMIT).catch(() => []),
    embedding,
  ]);
  const ids = (hits: ScoredId[]) => hits.map((h) => h.id);
  const specific = await specificEntities(ports, scope, entitySeeds);
  const own = matchStrength({
    relative: { lexical: lexicalHits },
    absolute: { vector: vectorHits, entity: specific.hits },
    exact: { caller: request.seedNodes ?? [] },
  });
  const strength = await sessionContext(ports, scope, own);
  const context = [...strength].filter(([id]) => !own.has(id)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
  const channels: Record<string, string[]> = { entity: entitySeeds, vector: ids(vectorHits), lexical: ids(lexicalHits), context };
  if (request.seedNodes?.length) channels.caller = request.seedNodes;
  const seeds = reciprocalRankFusion(channels).slice(0, Math.min(SEED_LIMIT, SEEDS_PER_PLACE * request.maxNodes));

  const seeded = lap();
  const walk = await traverse(
    seeds.map((s) => ({ id: s.id, score: strength.get(s.id) ?? 0 })),
    { edgesOf: (ids) => ports.edgesOf(scope, ids) },
    edgeWeights(intents),
    { maxDepth: request.maxDepth, maxNodes: WALK_POOL_FACTOR * request.maxNodes, deadline: started + request.timeoutMs },
    deps.clock,
    { beforeExpand: deps.beforeExpand, expandBatch: EXPAND_BATCH, undecayed: CAUSAL, passOn: (id, edges) => (isEntityId(id) ? entitySpecificity(edges.filter((e) => e.edge_type === 'REFERENCES').length, specific.events) : 1) },
  );
  const walked = lap();
  const reachedIds = walk.nodes.map((n) => n.id);
  // Events and summaries alike are candidates: a summary found by the lexical or vector channel is a
  // seed, one the walk reached over SUMMARIZES a proactive node; only the scope's own are kept.
  const found = (await ports.nodes(scope, reachedIds.filter((id) => !isEntityId(id)))).filter((n) => n.agent_id === scope.agentId);
  const vectors = query ? await ports.vectorsOf(scope, query.model, found.map((n) => n.id)).catch(() => new Map<string, Float32Array>()) : new Map<string, Float32Array>();
  const now = deps.clock.now();
  const walkScore = new Map(walk.nodes.map((n) => [n.id, n.score]));
  const scored: { id: string; scores: NodeScores; vector?: Float32Array }[] = found.map((node) => {
    const vector = vectors.get(node.id);
    const relevance = relevanceCosine(query && vector ? cosine(query.vector, vector) : undefined, walkScore.get(node.id));
    return { id: node.id, vector, scores: scoreNode(scoreInputOf(node, relevance), now, deps.scoring) };
  });
  for (const id of reachedIds.filter(isEntityId)) {
    scored.push({ id, scores: scoreNode({ occurredMs: now, accessCount: 0, importanceScore: DEFAULT_IMPORTANCE }, now, deps.scoring) });
  }
  scored.sort((a, b) => b.scores.score - a.scores.score || (a.id < b.id ? -1 : 1));
  const seedIds = new Set(seeds.map((s) => s.id));
  // Bands of relevance, each by composite score with MMR diversity: how well a node answers the query
  // comes first (a band spans RELEVANCE_BAND), the composite score orders nodes that answer about as
  // well — so neither recency nor a busy neighbourhood buries a better match.
  const named = new Set(entitySeeds);
  const boost = new Map(found.map((node) => [node.id, answerTypeBoost(intents, { entities: node.entities, text: textOf(node) }, named)]));
  const relevanceOf = (id: string) => Math.min(1, (walkScore.get(id) ?? strength.get(id) ?? 0) + (boost.get(id) ?? 0));
  const bandOf = (id: string) => Math.floor((1 - relevanceOf(id)) / RELEVANCE_BAND + 1e-9);
  const bands = [...new Set(scored.map((n) => bandOf(n.id)))].sort((a, b) => a - b);
  const diversify = (band: typeof scored) => mmr(band, (n) => n.scores.score, (a, b) => (a.vector && b.vector ? cosine(a.vector, b.vector) : 0), band.length);
  const diverse = composePage(bands.flatMap((band) => diversify(scored.filter((n) => bandOf(n.id) === band))), request.maxNodes);

  return {
    ranked: diverse.map(({ id, scores }) => ({ id, scores })),
    offset: 0,
    meta: {
      truncated: walk.truncated,
      truncated_by: walk.cutBy,
      timings_ms: { seeds: seeded, walk: walked, rank: lap() },
      inferred_intents: inferred,
      intent_override: request.intent ?? null,
      seed_nodes: seeds.map((s) => s.id),
      retrieval_channels: { entity: entitySeeds.length, vector: vectorHits.length, lexical: lexicalHits.length, context: context.length },
      vector_channel: query ? query.model : 'unavailable',
      direct: [...seedIds],
    },
  };
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

/** Match strengths with adjacent-turn context: the best direct matches lend to their session neighbours. */
async function sessionContext(ports: SubgraphPorts, scope: AgentScope, own: Map<string, number>): Promise<Map<string, number>> {
  const sources = [...own].filter(([id]) => !isEntityId(id)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CONTEXT_SOURCES).map(([id]) => id);
  const edges = sources.length ? await ports.edgesOf(scope, sources).catch(() => []) : [];
  return withSessionContext(own, edges);
}

/** The query's vector, or null when the enrichment service does not answer in time (the channel is skipped). */
async function embed(ports: SubgraphPorts, text: string): Promise<{ model: string; vector: Float32Array } | null> {
  try {
    const answer = await ports.embedQuery(text);
    return { model: answer.model, vector: Float32Array.from(answer.vector) };
  } catch {
    return null;
  }
}

/** The named entities as seeds, each as strong as it is specific; the scope's event count with them. */
async function specificEntities(ports: SubgraphPorts, scope: AgentScope, entities: string[]): Promise<{ hits: ScoredId[]; events: number }> {
  const counts = await ports.referenceCounts(scope, entities).catch(() => null);
  const hits = entities.map((id, i) => ({ id, score: counts ? entitySpecificity(counts.references[i], counts.events) : 1 }));
  return { hits, events: counts?.events ?? 0 };
}

/** Entities named in the query, resolved through the scope's aliases (tiers 1–2). */
async function entityChannel(ports: SubgraphPorts, scope: AgentScope, query: string): Promise<string[]> {
  const found: string[] = [];
  for (const entity of ports.analyzer.analyze(query).entities) {
    for (const alias of entityAliasIds(entity.type, entity.name)) {
      const id = await ports.entityByAlias(scope, alias);
      if (id && !found.includes(id)) found.push(id);
      if (id) break;
    }
  }
  return found;
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
