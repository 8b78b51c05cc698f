import { FieldError } from '../errors';

/** SPEC §10: JSON nested deeper than this many levels is refused (422). The document itself is level 1. */
export const MAX_JSON_DEPTH = 64;
/** How much of a too-deep path is named: enough to say which field, not 64 segments of it. */
const NAMED_SEGMENTS = 5;

interface Level {
  value: object;
  depth: number;
  key: string | number;
  parent: Level | null;
}

/**
 * The first object or array (in document order) nested deeper than `maxDepth`, as a field error
 * naming the start of its path (`payload.a.b.c.d…`), or null when there is none. Iterative: a
 * hostile document thousands of levels deep must not overflow the stack here, nor reach the
 * recursive serializers and validators further on.
 */
export function jsonDepthError(document: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | null {
  if (!isContainer(document)) return null;
  const pending: Level[] = [{ value: document, depth: 1, key: '', parent: null }];
  for (let level = pending.pop(); level; level = pending.pop()) {
    if (level.depth > maxDepth) return { field: fieldOf(level), message: `is nested deeper than ${maxDepth} levels` };
    const keys: (string | number)[] = Array.isArray(level.value) ? level.value.map((_, i) => i) : Object.keys(level.value);
    for (let i = keys.length - 1; i >= 0; i--) { // pushed last to first, so popped in document order
      const child = (level.value as Record<string | number, unknown>)[keys[i]];
      if (isContainer(child)) pending.push({ value: child, depth: level.depth + 1, key: keys[i], parent: level });
    }
  }
  return null;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** `events[3].payload.a…`: the path from the document down to `level`, cut after a few segments. */
function fieldOf(level: Level): string {
  const keys: (string | number)[] = [];
  for (let at: Level | null = level; at?.parent; at = at.parent) keys.unshift(at.key);
  const named = keys.slice(0, NAMED_SEGMENTS).reduce<string>((path, key) => typeof key === 'number' ? `${path || 'body'}[${key}]` : path ? `${path}.${key}` : key, '');
  return keys.length > NAMED_SEGMENTS ? `${named}…` : named;
}
