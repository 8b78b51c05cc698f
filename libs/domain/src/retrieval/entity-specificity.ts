/**
 * How much naming an entity says (an idf for entities): ln(1 + N / refs) / ln(1 + N) over the scope's
 * N events — 1 for an entity one event mentions, about 0.1 for one in every event (a conversation's
 * speaker), whose neighbourhood is the whole scope.
 */
export function entitySpecificity(references: number, events: number): number {
  if (references <= 0 || events <= 1) return 1;
  return Math.min(1, Math.log(1 + events / references) / Math.log(1 + events));
}

