import { AtlasNode, eventAtlasNode, pageEdges, RetrievalReason } from '../context/atlas';
import { RankingPage } from '../context/paging';
import { RankedNode } from '../context/ranking';
import { AgentScope } from '../enrichment/ports';
import { isEntityId, StoredEntity } from '../graph/entities';
import { entityAtlasNode } from '../graph/entity-atlas';
import { EventNode, GraphEdge } from '../graph/model';
import { PartitionRef } from '../scoping/partition';

/** The reads that turn a page of ranked ids of one agent scope into Atlas nodes and edges. */
export interface ScopedPagePorts {
  /** By partition: a node's agent may not be known yet (lineage looks its start up this way). */
  eventNodes(scope: PartitionRef, ids: string[]): Promise<EventNode[]>;
  entity(scope: AgentScope, id: string): Promise<StoredEntity | null>;
  edgesOf(scope: AgentScope, ids: string[]): Promise<GraphEdge[]>;
}

export interface ScopedPage {
  nodes: Record<string, AtlasNode>;
  edges: GraphEdge[];
  /** The page's Event nodes of the scope, by id. */
  events: Map<string, EventNode>;
}

/**
 * Atlas nodes (events and entities) for one page of a ranking, with the edges among the pages so far.
 * Events of another agent scope are dropped; an entity's provenance names only the referencing events
 * the caller sees on this page.
 */
export async function scopedPage(ports: ScopedPagePorts, scope: AgentScope, page: RankingPage, slice: RankedNode[], reasonOf: (id: string) => RetrievalReason): Promise<ScopedPage> {
  const ids = slice.map((r) => r.id);
  const [events, entities, edges] = await Promise.all([
    ports.eventNodes(scope, ids.filter((id) => !isEntityId(id))),
    Promise.all(ids.filter(isEntityId).map((id) => ports.entity(scope, id))),
    ids.length ? ports.edgesOf(scope, ids) : Promise.resolve([]),
  ]);
  const eventById = new Map(events.filter((e) => e.agent_id === scope.agentId).map((e) => [e.id, e]));
  const entityById = new Map(entities.filter((e): e is StoredEntity => e !== null).map((e) => [e.id, e]));
  const nodes: Record<string, AtlasNode> = {};
  slice.forEach((r, i) => {
    const rank = page.offset + i + 1;
    const event = eventById.get(r.id);
    const entity = entityById.get(r.id);
    if (event) nodes[r.id] = eventAtlasNode(event, rank, r.scores, reasonOf(r.id));
    else if (entity) {
      const evidence = edges.filter((e) => e.target === r.id && e.edge_type === 'REFERENCES' && eventById.has(e.source)).map((e) => e.source);
      nodes[r.id] = { ...entityAtlasNode(entity, r.scores, evidence, eventById.get(evidence[0])), rank, retrieval_reason: reasonOf(r.id) };
    }
  });
  const rankOf = new Map(page.ranked.map((r, i) => [r.id, i + 1]));
  return { nodes, edges: pageEdges(edges, rankOf, page.offset + 1, page.offset + slice.length), events: eventById };
}
