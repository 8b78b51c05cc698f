/**
 * Every key of a partition, in one table (README "Key layout"): its path after the partition base and
 * the Redis type it holds. In a path, `$` is an id slot — one encoded segment (see segment.ts) — and
 * every other segment is a literal. Paths are prefix-free at every id slot (what follows an id is a
 * literal or nothing, and the literal before an id decides which path it is), so a key can be parsed
 * back to one (kind, ids) and no two different (kind, ids) share a key. Scripts build the keys they
 * find as they run from the same table (lua-keys.ts), and scripts check these types before writing.
 */
export type RedisType = 'string' | 'hash' | 'set' | 'zset' | 'stream' | 'list';

export interface KeyKind {
  path: string;
  type: RedisType;
}

export const PARTITION_LAYOUT = {
  event: { path: 'event:$', type: 'hash' },
  dedup: { path: 'dedup', type: 'zset' },
  sessionAgents: { path: 'session-agents', type: 'hash' },
  sessionStream: { path: 'session:$', type: 'stream' },
  sessionOrder: { path: 'session:$:order', type: 'zset' },
  node: { path: 'graph:node:$', type: 'hash' },
  edgesOut: { path: 'graph:out:$', type: 'hash' },
  edgesIn: { path: 'graph:in:$', type: 'hash' },
  graphSession: { path: 'graph:session:$', type: 'zset' },
  waitingChildren: { path: 'graph:waiting:$', type: 'set' },
  feedbackApplied: { path: 'graph:feedback:applied', type: 'set' },
  graphAgent: { path: 'graph:agent:$', type: 'zset' },
  graphAgentIngested: { path: 'graph:agent:$:ingested', type: 'zset' },
  entityNode: { path: 'graph:agent:$:node:$', type: 'hash' },
  entityEdgesOut: { path: 'graph:agent:$:out:$', type: 'hash' },
  entityEdgesIn: { path: 'graph:agent:$:in:$', type: 'hash' },
  entityReferences: { path: 'graph:agent:$:refs:$', type: 'zset' },
  entityAliases: { path: 'graph:agent:$:aliases', type: 'hash' },
  entities: { path: 'graph:agent:$:entities', type: 'set' },
  summaryIndex: { path: 'graph:agent:$:summaries', type: 'zset' },
  vectors: { path: 'vec:$:$:vectors', type: 'hash' },
  vectorSignatures: { path: 'vec:$:$:signatures', type: 'hash' },
  vectorBucket: { path: 'vec:$:$:b:$:$', type: 'zset' },
  lexicalPostings: { path: 'lex:$:t:$', type: 'zset' },
  lexicalDocuments: { path: 'lex:$:docs', type: 'hash' },
  lexicalLengths: { path: 'lex:$:lengths', type: 'hash' },
  lexicalStats: { path: 'lex:$:stats', type: 'hash' },
  consolidationAgents: { path: 'consolidation:agents', type: 'set' },
  reflection: { path: 'consolidation:agent:$:reflection', type: 'hash' },
  reflectionCounted: { path: 'consolidation:agent:$:counted', type: 'zset' },
  dirtySessions: { path: 'consolidation:agent:$:dirty', type: 'hash' },
  consolidationSessions: { path: 'consolidation:agent:$:sessions', type: 'set' },
  consolidationLock: { path: 'consolidation:agent:$:lock', type: 'string' },
  snapshot: { path: 'snapshot:$', type: 'string' },
  replayLock: { path: 'replay-lock', type: 'string' },
} as const satisfies Record<string, KeyKind>;

export type PartitionKeyKind = keyof typeof PARTITION_LAYOUT;

/**
 * Stage streams are named by code, never by callers: `ledger` (the global stream), `stream:projected`,
 * `stream:enriched`. Each has a dead-letter stream and a failure-count hash beside it.
 */
export const STAGE_STREAM_NAME = /^(ledger|stream:[a-z]+)$/;
export const STREAM_SUFFIXES = { deadLetters: { path: 'dlq', type: 'stream' }, failures: { path: 'failures', type: 'hash' } } as const;

export const ID_SLOT = '$';

/** The number of ids a kind's path takes. */
export function slotsOf(kind: PartitionKeyKind): number {
  return PARTITION_LAYOUT[kind].path.split(':').filter((s) => s === ID_SLOT).length;
}
