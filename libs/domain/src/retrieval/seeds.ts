import { AgentScope, ScoredId } from '../enrichment/ports';
import { entityAliasIds } from '../enrichment/resolve-entity';
import { isEntityId } from '../graph/entities';
import { GraphEdge } from '../graph/model';
import { entitySpecificity } from './entity-specificity';
import { FusedSeed, reciprocalRankFusion } from './fusion';
import { matchStrength } from './match-strength';
import { CONTEXT_SOURCES, withSessionContext } from './session-context';
import { SubgraphPorts, SubgraphRequest } from './subgraph-ports';

/**
 * How many ids each seed channel contributes, and how many fused seeds start the walk: two per place
 * on the page (at most SEED_LIMIT), which leaves a third of the walk's pool (WALK_POOL_FACTOR places
 * each) to what it finds beyond them. Measured on the dev conversations and the generator's dev seed:
 * 20 seeds from 20 per channel lost exact matches past the 20th lexical hit (recall@10 0.704 / 0.705);
 * 40 from 60 keep them (0.710 / 0.789); more seeds than that crowd out the walk for no gain.
 */
const CHANNEL_LIMIT = 60;
const SEED_LIMIT = 60;
const SEEDS_PER_PLACE = 2;
/** Vector hits below this cosine are noise, not seeds. */
const MIN_VECTOR_SEED = 0.3;

export interface Seeds {
  /** The fused seeds that start the walk, best first. */
  seeds: FusedSeed[];
  /** How strongly each candidate matched, in [0, 1], session context included (see matchStrength). */
  strength: Map<string, number>;
  /** Entities the query names (resolved in the scope). */
  named: string[];
  /** Events in the scope (0 when unknown): what an entity's specificity is read against. */
  scopeEvents: number;
  /** The query's vector; null when the enrichment service did not answer in time. */
  query: { model: string; vector: Float32Array } | null;
  /** What each channel contributed. */
  counts: Record<'entity' | 'vector' | 'lexical' | 'context', number>;
}

/**
 * The seeds of a query (SPEC §8): entity, vector and lexical channels at once (only the vector
 * channel waits for the query's embedding), each candidate's match strength — a named entity as
 * strong as it is specific — then adjacent-turn context, all fused by Reciprocal Rank Fusion.
 */
export async function findSeeds(ports: SubgraphPorts, scope: AgentScope, request: SubgraphRequest): Promise<Seeds> {
  const embedding = embed(ports, request.query);
  const [named, vectorHits, lexicalHits, query] = await Promise.all([
    entityChannel(ports, scope, request.query).catch(() => []),
    embedding.then((q) => (q ? ports.nearest(scope, q.model, q.vector, CHANNEL_LIMIT, MIN_VECTOR_SEED).catch(() => []) : [])),
    ports.lexical.search(scope, ports.analyzer.terms(request.query), CHANNEL_LIMIT).catch(() => []),
    embedding,
  ]);
  const direct = matchStrength({ relative: { lexical: lexicalHits }, absolute: { vector: vectorHits }, exact: { caller: request.seedNodes ?? [] } });
  // Both one round trip, at once: context reads the events' neighbours, specificity the entities' counts.
  const [follows, specific] = await Promise.all([sessionEdges(ports, scope, direct), specificEntities(ports, scope, named)]);
  const own = new Map(direct);
  for (const hit of specific.hits) own.set(hit.id, Math.max(own.get(hit.id) ?? 0, hit.score));
  const strength = withSessionContext(own, follows);
  const context = [...strength].filter(([id]) => !own.has(id)).sort(byStrength).map(([id]) => id);
  const ids = (hits: ScoredId[]) => hits.map((h) => h.id);
  const channels: Record<string, string[]> = { entity: named, vector: ids(vectorHits), lexical: ids(lexicalHits), context };
  if (request.seedNodes?.length) channels.caller = request.seedNodes;
  const seeds = reciprocalRankFusion(channels).slice(0, Math.min(SEED_LIMIT, SEEDS_PER_PLACE * request.maxNodes));
  return {
    seeds, strength, named, scopeEvents: specific.events, query,
    counts: { entity: named.length, vector: vectorHits.length, lexical: lexicalHits.length, context: context.length },
  };
}

function byStrength(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
}

/** The edges of the best direct matches, whose session neighbours adjacent-turn context lends to. */
async function sessionEdges(ports: SubgraphPorts, scope: AgentScope, direct: Map<string, number>): Promise<GraphEdge[]> {
  const sources = [...direct].filter(([id]) => !isEntityId(id)).sort(byStrength).slice(0, CONTEXT_SOURCES).map(([id]) => id);
  return sources.length ? ports.edgesOf(scope, sources).catch(() => []) : [];
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
