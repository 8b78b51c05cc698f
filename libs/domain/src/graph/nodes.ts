import type { SummaryNode } from '../consolidation/summary-plan';
import { EVENT_RULES } from '../events/rules';
import type { ScoreInput } from '../scoring/score';
import type { EventNode } from './model';

/**
 * A Summary node as read back from the graph: what consolidation wrote (`SummaryNode`), plus what
 * Stage 2 derives from its text and what reads count on it (SPEC §5 derived attributes).
 */
export interface StoredSummary extends SummaryNode {
  keywords?: string[];
  /** Ids of the entities its text references (`REFERENCES` Summary → Entity). */
  entities?: string[];
  embedding_model?: string;
  access_count?: number;
  last_accessed_ms?: number;
}

/** The nodes kept under `graph:node:<id>` of a partition: events and the summaries over them. */
export type GraphNode = EventNode | StoredSummary;

export function isSummaryNode(node: GraphNode): node is StoredSummary {
  return node.node_type === 'Summary';
}

export function isEventNode(node: GraphNode): node is EventNode {
  return node.node_type === 'Event';
}

/** `summary:<level>:<scope id>[:<n>]` with a scope id the envelope rules allow (SPEC §5). */
const SUMMARY_ID = new RegExp(`^summary:(?:episode|session|agent):${EVENT_RULES.scopeId.source.slice(1, -1)}$`);
export const SUMMARY_ID_MAX_LENGTH = 'summary:session:'.length + 256;

/** True for an id consolidation could have made (the lineage route accepts it as a start node). */
export function isWellFormedSummaryId(id: string): boolean {
  return id.length <= SUMMARY_ID_MAX_LENGTH && SUMMARY_ID.test(id);
}

/**
 * How many `SUMMARIZES` levels a summary sits above the events (SPEC §7 `max_depth` of context):
 * an episode summarizes events (1), a session its episodes (2), an agent scope its sessions (3).
 */
export function summaryDepth(level: SummaryNode['level']): number {
  return level === 'episode' ? 1 : level === 'session' ? 2 : 3;
}

/**
 * What the composite score (SPEC §6) reads of any node: a summary dates from the newest event it
 * covers and weighs what consolidation gave it (its most important source's importance).
 */
export function scoreInputOf(node: GraphNode, cosine?: number): ScoreInput {
  return {
    occurredMs: node.occurred_ms,
    lastAccessedMs: node.last_accessed_ms,
    accessCount: node.access_count ?? 0,
    importanceScore: node.importance_score,
    cosine,
  };
}
