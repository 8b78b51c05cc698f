import { normalizeEntityName } from '../enrichment/entity-name';
import { AgentScope, EntityNode } from '../enrichment/ports';
import { EventNode, GraphEdge } from './model';

/** Every Entity node id starts so (SPEC §5: `entity:<type>:<normalized name>`); anything else is an event id. */
export const ENTITY_ID_PREFIX = 'entity:';
export const ENTITY_ID_MAX_LENGTH = 256;

export function isEntityId(id: string): boolean {
  return id.startsWith(ENTITY_ID_PREFIX);
}

/** True for an id enrichment could have made: a lowercase type, then a name already in normalized form. */
export function isWellFormedEntityId(id: string): boolean {
  const name = /^entity:[a-z]+:(.+)$/.exec(id)?.[1];
  return id.length <= ENTITY_ID_MAX_LENGTH && name !== undefined && normalizeEntityName(name) === name;
}

/** An Entity node as stored: the node and the aliases that resolve to it. */
export interface StoredEntity extends EntityNode {
  aliases: string[];
}

/** One page of the events referencing an entity, newest first. */
export interface ReferencingEventsPage {
  events: EventNode[];
  /** The `REFERENCES` edges from those events to the entity. */
  edges: GraphEdge[];
  /** How many referencing events came before this page (ranks continue across pages). */
  offset: number;
  /** How many events reference the entity in all. */
  total: number;
  /** Cursor of the next page; null on the last. */
  next: string | null;
}

/** Reads of an agent scope's entities (`GET /v1/entities/{entity_id}`). */
export interface EntityReader {
  /** Null when the scope has no such entity. */
  entity(scope: AgentScope, entityId: string): Promise<StoredEntity | null>;
  /** Throws `invalid_cursor` for a cursor this reader did not issue. */
  referencingEvents(scope: AgentScope, entityId: string, limit: number, cursor?: string): Promise<ReferencingEventsPage>;
}
