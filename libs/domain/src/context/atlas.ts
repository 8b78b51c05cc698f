import { EventNode, GraphEdge, NodeType } from '../graph/model';
import { GraphNode, isSummaryNode, StoredSummary } from '../graph/nodes';
import { NodeScores, ScoringWeights } from '../scoring/score';

/** An agent-level summary may stand for 100k events: a read shows this many of its source ids, and the count. */
export const MAX_RENDERED_LINEAGE = 200;

export type RetrievalReason = 'direct' | 'proactive';

export interface Provenance {
  event_id: string;
  global_position: string;
  source: 'redis';
  occurred_at: string;
  session_id: string;
  agent_id: string;
  trace_id: string;
  /** Summary and Entity nodes: the Event ids they were derived from (a summary's first MAX_RENDERED_LINEAGE, oldest ids first). */
  derived_from?: string[];
  /** Summary nodes: how many Event ids they were derived from in all (the rest: follow SUMMARIZES through lineage). */
  derived_from_count?: number;
  /** Summary nodes: the oldest event they cover (`occurred_at` is the newest). */
  first_occurred_at?: string;
}

export interface AtlasNode {
  node_type: NodeType;
  rank: number;
  attributes: Record<string, unknown>;
  provenance: Provenance;
  scores: NodeScores;
  retrieval_reason: RetrievalReason;
}

export interface AtlasMeta {
  query_id: string;
  query_ms: number;
  nodes_returned: number;
  /** A bound or the timeout left reachable nodes out; `truncated_by` (where a walk ran) says which: time, nodes or depth. */
  truncated: boolean;
  scoring_weights: ScoringWeights;
  capacity: { max_nodes: number; used_nodes: number; max_depth: number };
  [extra: string]: unknown;
}

/** The response shape of context, subgraph and lineage reads (SPEC §7). */
export interface AtlasResponse {
  nodes: Record<string, AtlasNode>;
  edges: GraphEdge[];
  pagination: { cursor: string | null; has_more: boolean };
  meta: AtlasMeta;
}

const PROVENANCE_FIELDS = new Set(['id', 'node_type', 'occurred_ms', 'last_accessed_ms', 'global_position', 'session_id', 'agent_id', 'trace_id']);

export function eventAtlasNode(node: EventNode, rank: number, scores: NodeScores, reason: RetrievalReason): AtlasNode {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!PROVENANCE_FIELDS.has(key) && value !== undefined) attributes[key] = value;
  }
  if (node.last_accessed_ms !== undefined) attributes.last_accessed_at = new Date(node.last_accessed_ms).toISOString();
  return {
    node_type: 'Event',
    rank,
    attributes,
    provenance: {
      event_id: node.id,
      global_position: node.global_position,
      source: 'redis',
      occurred_at: node.occurred_at,
      session_id: node.session_id,
      agent_id: node.agent_id,
      trace_id: node.trace_id,
    },
    scores,
    retrieval_reason: reason,
  };
}

/**
 * A Summary node in the Atlas shape: its text and how it was written as attributes; as provenance
 * the source Event ids (`derived_from`, transitively through lower summaries), its agent scope and
 * session, and the range of time it covers (`first_occurred_at` … `occurred_at`). A summary stands
 * for many events, so `event_id`, `global_position` and `trace_id` are empty (as for an entity).
 */
export function summaryAtlasNode(node: StoredSummary, rank: number, scores: NodeScores, reason: RetrievalReason): AtlasNode {
  const attributes: Record<string, unknown> = {
    summary: node.summary,
    level: node.level,
    method: node.method,
    model: node.model,
    source_count: node.source_count,
    keywords: node.keywords ?? [],
    importance_score: node.importance_score,
    created_at: iso(node.created_ms),
    access_count: node.access_count ?? 0,
  };
  if (node.entities !== undefined) attributes.entities = node.entities;
  if (node.embedding_model !== undefined) attributes.embedding_model = node.embedding_model;
  if (node.last_accessed_ms !== undefined) attributes.last_accessed_at = iso(node.last_accessed_ms);
  return {
    node_type: 'Summary',
    rank,
    attributes,
    provenance: {
      event_id: '',
      global_position: '',
      source: 'redis',
      occurred_at: iso(node.occurred_ms),
      first_occurred_at: iso(node.first_ms),
      session_id: node.session_id ?? '',
      agent_id: node.agent_id,
      trace_id: '',
      derived_from: node.derived_from.slice(0, MAX_RENDERED_LINEAGE),
      derived_from_count: node.derived_from.length,
    },
    scores,
    retrieval_reason: reason,
  };
}

/** An Event or Summary node in the Atlas shape. */
export function graphAtlasNode(node: GraphNode, rank: number, scores: NodeScores, reason: RetrievalReason): AtlasNode {
  return isSummaryNode(node) ? summaryAtlasNode(node, rank, scores, reason) : eventAtlasNode(node, rank, scores, reason);
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/**
 * The edges a page carries: every edge between two returned nodes appears exactly once, on the page
 * of whichever endpoint ranks later. `rankOf` covers the whole ranking; the page spans ranks
 * `[firstRank, lastRank]`.
 */
export function pageEdges(edges: GraphEdge[], rankOf: ReadonlyMap<string, number>, firstRank: number, lastRank: number): GraphEdge[] {
  const seen = new Set<string>();
  const result: GraphEdge[] = [];
  for (const edge of edges) {
    const a = rankOf.get(edge.source);
    const b = rankOf.get(edge.target);
    if (a === undefined || b === undefined) continue;
    const later = Math.max(a, b);
    if (later < firstRank || later > lastRank) continue;
    const key = `${edge.edge_type}|${edge.source}|${edge.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(edge);
  }
  return result;
}
