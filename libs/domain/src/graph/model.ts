export type NodeType = 'Event' | 'Entity' | 'Summary';

export const EDGE_TYPES = ['FOLLOWS', 'CAUSED_BY', 'REFERENCES', 'SIMILAR_TO', 'SUMMARIZES', 'SAME_AS', 'RELATED_TO'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export type EdgeProperties = Record<string, string | number>;

export interface GraphEdge {
  source: string;
  target: string;
  edge_type: EdgeType;
  properties: EdgeProperties;
}

/** An Event node: core envelope attributes, inline text, and derived attributes (SPEC §5). */
export interface EventNode {
  id: string;
  node_type: 'Event';
  event_type: string;
  session_id: string;
  agent_id: string;
  trace_id: string;
  occurred_at: string;
  occurred_ms: number;
  global_position: string;
  ingested_at: string;
  payload_ref: string;
  text?: string;
  tool_name?: string;
  status?: string;
  parent_event_id?: string;
  ended_at?: string;
  importance_hint?: number;
  importance_score: number;
  /** Stage 2: salient terms, referenced entity ids, and the model that embedded the text. */
  keywords?: string[];
  entities?: string[];
  embedding_model?: string;
  access_count: number;
  /** Epoch ms of the last time the node was returned as a direct result. */
  last_accessed_ms?: number;
}

/** What projection derives from one event, before it is linked into its session and causal chain. */
export type ProjectedEventNode = Omit<EventNode, 'access_count' | 'last_accessed_ms'>;
