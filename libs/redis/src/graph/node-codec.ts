import { EventNode, GraphNode, StoredSummary } from '@cg/domain';

const NUMERIC_FIELDS = new Set([
  'occurred_ms', 'importance_score', 'importance_base', 'importance_feedback', 'importance_hint', 'access_count', 'last_accessed_ms',
  // Summary nodes (SummaryNode, libs/domain/src/consolidation/summary-plan.ts)
  'first_ms', 'source_count', 'created_ms',
]);
/** Storage marks, not attributes: `projected` is set last by the projection script (its completion mark). */
const STORAGE_FIELDS = new Set(['projected']);
/** Attributes stored as JSON arrays: enrichment's derived ones (SPEC §5), a summary's source event ids. */
const JSON_FIELDS = new Set(['keywords', 'entities', 'derived_from']);

/** A node as Redis hash field/value pairs (numbers as decimal strings, absent fields left out). */
export function encodeNodeFields(node: object): string[] {
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(node)) {
    if (value === undefined || value === null) continue;
    pairs.push(field, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return pairs;
}

/** The Event node a hash holds; null for a missing node (an empty hash) or another node type. */
export function decodeEventNode(fields: Record<string, string>): EventNode | null {
  return fields.node_type === 'Event' ? (decodeFields(fields) as EventNode | null) : null;
}

/** The Summary node a hash holds (with Stage 2's attributes, if enriched); null for a missing node or another node type. */
export function decodeSummaryNode(fields: Record<string, string>): StoredSummary | null {
  return fields.node_type === 'Summary' ? (decodeFields(fields) as StoredSummary | null) : null;
}

/** The Event or Summary node a `graph:node:<id>` hash holds; null for a missing node or any other type. */
export function decodeGraphNode(fields: Record<string, string>): GraphNode | null {
  return decodeEventNode(fields) ?? decodeSummaryNode(fields);
}

function decodeFields(fields: Record<string, string>): unknown {
  if (!fields.id) return null;
  const node: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (STORAGE_FIELDS.has(field)) continue;
    node[field] = NUMERIC_FIELDS.has(field) ? Number(value) : JSON_FIELDS.has(field) ? JSON.parse(value) : value;
  }
  return node;
}
