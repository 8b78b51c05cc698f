import { Clock } from '../clock';
import { AtlasNode, AtlasResponse, eventAtlasNode } from '../context/atlas';
import { AgentScope } from '../enrichment/ports';
import { DomainError } from '../errors';
import { DEFAULT_IMPORTANCE } from '../projection/project-event';
import { NodeScores, ScoringParams, scoreNode } from '../scoring/score';
import { EntityReader, StoredEntity } from './entities';
import { EventNode } from './model';

export interface EntityReadRequest {
  entityId: string;
  limit: number;
  cursor?: string;
}

export interface EntityReadDeps {
  entities: EntityReader;
  clock: Clock;
  scoring: ScoringParams;
  newId: () => string;
}

/**
 * `GET /v1/entities/{entity_id}`: the entity (rank 1 on every page, the subject of the read) and one
 * page of the events referencing it, newest first, with the `REFERENCES` edges between them. Only
 * the given agent scope is read, so nothing of another scope or tenant can appear.
 */
export async function readEntity(deps: EntityReadDeps, scope: AgentScope, request: EntityReadRequest): Promise<AtlasResponse> {
  const started = deps.clock.now();
  const entity = await deps.entities.entity(scope, request.entityId);
  if (!entity) throw new DomainError('not_found', `entity ${request.entityId} not found in agent scope ${scope.agentId}`);
  const page = await deps.entities.referencingEvents(scope, request.entityId, request.limit, request.cursor);
  // The newest reference overall dates the entity; later pages fetch it again so it is the same on every page.
  const newest = page.offset === 0 ? page.events[0] : (await deps.entities.referencingEvents(scope, request.entityId, 1)).events[0];

  const now = deps.clock.now();
  const nodes: Record<string, AtlasNode> = {
    [entity.id]: entityAtlasNode(entity, entityScores(newest, now, deps.scoring), page.events.map((e) => e.id), newest),
  };
  page.events.forEach((event, i) => {
    nodes[event.id] = eventAtlasNode(event, page.offset + i + 2, eventScores(event, now, deps.scoring), 'direct');
  });
  const returned = page.events.length + 1;
  return {
    nodes,
    edges: page.edges,
    pagination: { cursor: page.next, has_more: page.next !== null },
    meta: {
      query_id: deps.newId(),
      query_ms: Math.max(0, deps.clock.now() - started),
      nodes_returned: returned,
      truncated: false,
      scoring_weights: deps.scoring.weights,
      capacity: { max_nodes: request.limit + 1, used_nodes: returned, max_depth: 1 },
      total_references: page.total,
    },
  };
}

/**
 * An Entity node in the Atlas shape. Its provenance names the newest event referencing it (its
 * latest evidence; empty when none is left) and, in `derived_from`, the referencing events returned
 * alongside it.
 */
export function entityAtlasNode(entity: StoredEntity, scores: NodeScores, derivedFrom: string[], newest?: EventNode): AtlasNode {
  return {
    node_type: 'Entity',
    rank: 1,
    attributes: { entity_type: entity.entity_type, name: entity.name, aliases: entity.aliases },
    provenance: {
      event_id: newest?.id ?? '',
      global_position: newest?.global_position ?? '',
      source: 'redis',
      occurred_at: newest?.occurred_at ?? '',
      session_id: newest?.session_id ?? '',
      agent_id: entity.agent_id,
      trace_id: newest?.trace_id ?? '',
      derived_from: derivedFrom,
    },
    scores,
    retrieval_reason: 'direct',
  };
}

/** An entity has no importance of its own yet: the default, and the recency of its newest reference. */
function entityScores(newest: EventNode | undefined, now: number, scoring: ScoringParams): NodeScores {
  return scoreNode({ occurredMs: newest?.occurred_ms ?? now, accessCount: 0, importanceScore: DEFAULT_IMPORTANCE }, now, scoring);
}

function eventScores(node: EventNode, now: number, scoring: ScoringParams): NodeScores {
  return scoreNode({
    occurredMs: node.occurred_ms,
    lastAccessedMs: node.last_accessed_ms,
    accessCount: node.access_count,
    importanceScore: node.importance_score,
  }, now, scoring);
}
