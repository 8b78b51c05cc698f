import { EventNode } from '@cg/domain';

const NUMERIC_FIELDS = new Set(['occurred_ms', 'importance_score', 'importance_base', 'importance_feedback', 'importance_hint', 'access_count', 'last_accessed_ms']);
/** Derived attributes enrichment stores as JSON arrays (SPEC §5). */
const JSON_FIELDS = new Set(['keywords', 'entities']);

/** A node as Redis hash field/value pairs (numbers as decimal strings, absent fields left out). */
export function encodeNodeFields(node: object): string[] {
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(node)) {
    if (value === undefined || value === null) continue;
    pairs.push(field, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return pairs;
}

/** The Event node a hash holds; null for a missing node (an empty hash). */
export function decodeEventNode(fields: Record<string, string>): EventNode | null {
  if (!fields.id || fields.node_type !== 'Event') return null;
  const node: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    node[field] = NUMERIC_FIELDS.has(field) ? Number(value) : JSON_FIELDS.has(field) ? JSON.parse(value) : value;
  }
  return node as unknown as EventNode;
}
