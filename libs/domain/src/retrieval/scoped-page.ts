import { AtlasNode, graphAtlasNode, pageEdges, RetrievalReason } from '../context/atlas';
import { RankingPage } from '../context/paging';
import { RankedNode } from '../context/ranking';
import { AgentScope } from '../enrichment/ports';
import { isEntityId, StoredEntity } from '../graph/entities';
import { entityAtlasNode } from '../graph/entity-atlas';
import { EventNode, GraphEdge } from '../graph/model';
import { GraphNode, isEventNode } from '../graph/nodes';
import { PartitionRef } from '../scoping/partition';

/** The reads that turn a page of ranked ids of one agent scope into Atlas nodes and edges. */
export interface ScopedPagePorts {
  /**
   * Event and Summary nodes by id, by partition: a node's agent may not be known yet (lineage
   * looks its start up this way). Missing ids are left out.
   */
  nodes(scope: PartitionRef, ids: string[]): Promise<GraphNode[]>;
  entity(scope: AgentScope, id: string): Promise<StoredEntity | null>;
  edgesOf(scope: AgentScope, ids: string[]): Promise<GraphEdge[]>;
}

export interface ScopedPage {
  nodes: Record<string, AtlasNode>;
  edges: GraphEdge[];
  /** The page's Event nodes of the scope, by id. */
  events: Map<string, EventNode>;
  /** The page's Event and Summary nodes of the scope, by id. */
  graphNodes: Map<string, GraphNode>;
}

/**
 * Atlas nodes (events, summaries and entities) for one page of a ranking, with the edges among the
 * pages so far. Events and summaries of another agent scope are dropped; an entity's provenance names
 * only the referencing events the caller sees on this page.
 */
export async function scopedPage(ports: ScopedPagePorts, scope: AgentScope, page: RankingPage, slice: RankedNode[], reasonOf: (id: string) => RetrievalReason): Promise<ScopedPage> {
  const ids = slice.map((r) => r.id);
  const nodeIds = ids.filter((id) => !isEntityId(id));
  const [found, entities, edges] = await Promise.all([
    nodeIds.length ? ports.nodes(scope, nodeIds) : Promise.resolve([]),
    Promise.all(ids.filter(isEntityId).map((id) => ports.entity(scope, id))),
    ids.length ? ports.edgesOf(scope, ids) : Promise.resolve([]),
  ]);
  const nodeById = new Map(found.filter((n) => n.agent_id === scope.agentId).map((n) => [n.id, n]));
  const eventById = new Map([...nodeById.values()].filter(isEventNode).map((e) => [e.id, e]));
  const entityById = new Map(entities.filter((e): e is StoredEntity => e !== null).map((e) => [e.id, e]));
  const nodes: Record<string, AtlasNode> = {};
  slice.forEach((r, i) => {
    const rank = page.offset + i + 1;
    const node = nodeById.get(r.id);
    const entity = entityById.get(r.id);
    if (node) nodes[r.id] = graphAtlasNode(node, rank, r.scores, reasonOf(r.id));
    else if (entity) {
      const evidence = edges.filter((e) => e.target === r.id && e.edge_type === 'REFERENCES' && eventById.has(e.source)).map((e) => e.source);
      nodes[r.id] = { ...entityAtlasNode(entity, r.scores, evidence, eventById.get(evidence[0])), rank, retrieval_reason: reasonOf(r.id) };
    }
  });
  const rankOf = new Map(page.ranked.map((r, i) => [r.id, i + 1]));
  return { nodes, edges: pageEdges(edges, rankOf, page.offset + 1, page.offset + slice.length), events: eventById, graphNodes: nodeById };
}
