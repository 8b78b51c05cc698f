import { PartitionRef } from '@cg/domain';

/**
 * The Redis key layout (see README "Key layout"). Every key of a partition starts with
 * `<prefix>{<tenant>:<partition>}:` so one hash slot holds it all and no script crosses slots.
 */
export class KeySpace {
  constructor(readonly prefix: string) {}

  /** Set of known `<tenant>:<partition>` pairs, so workers find every partition's streams. */
  get registry(): string {
    return `${this.prefix}partitions`;
  }

  of(scope: PartitionRef): PartitionKeys {
    return new PartitionKeys(`${this.prefix}{${scope.tenant}:${scope.partition}}`);
  }
}

export class PartitionKeys {
  constructor(readonly base: string) {}

  /** A stage stream of this partition: `ledger` (the global stream), `stream:projected`, … */
  stream(name: string): string {
    return `${this.base}:${name}`;
  }

  deadLetters(name: string): string {
    return `${this.stream(name)}:dlq`;
  }

  /** Failure counts of entries of a stream, per consumer group (field `<group>|<entry id>`). */
  failures(name: string): string {
    return `${this.stream(name)}:failures`;
  }

  event(eventId: string): string {
    return `${this.base}:event:${eventId}`;
  }

  /** Sorted set: event id → ingested_at ms; what recognises repeats, swept at the retention ceiling. */
  get dedup(): string {
    return `${this.base}:dedup`;
  }

  /** Hash: session id → the agent that owns it. */
  get sessionAgents(): string {
    return `${this.base}:session-agents`;
  }

  sessionStream(sessionId: string): string {
    return `${this.base}:session:${sessionId}`;
  }

  /** Lexicographic sorted set of session order keys (occurred_at, position, id). */
  sessionOrder(sessionId: string): string {
    return `${this.base}:session:${sessionId}:order`;
  }

  node(id: string): string {
    return `${this.base}:graph:node:${id}`;
  }

  /** Hash of a node's outgoing edges: `<EDGE_TYPE>|<target>` → JSON properties. */
  edgesOut(id: string): string {
    return `${this.base}:graph:out:${id}`;
  }

  /** Hash of a node's incoming edges: `<EDGE_TYPE>|<source>` → JSON properties. */
  edgesIn(id: string): string {
    return `${this.base}:graph:in:${id}`;
  }

  /** Lexicographic sorted set of the session's projected events, by session order key. */
  graphSession(sessionId: string): string {
    return `${this.base}:graph:session:${sessionId}`;
  }

  /** Sorted set of an agent scope's nodes, by occurred_at ms: the scope-wide read index. */
  graphAgent(agentId: string): string {
    return `${this.base}:graph:agent:${agentId}`;
  }

  /** Set of children projected before their parent `parentId`; linked when the parent lands. */
  waitingChildren(parentId: string): string {
    return `${this.base}:graph:waiting:${parentId}`;
  }

  snapshot(id: string): string {
    return `${this.base}:snapshot:${id}`;
  }
}

export function parsePartitionMember(member: string): PartitionRef | null {
  const at = member.lastIndexOf(':');
  const partition = Number(member.slice(at + 1));
  if (at <= 0 || !Number.isInteger(partition)) return null;
  return { tenant: member.slice(0, at), partition };
}

export function partitionMember(scope: PartitionRef): string {
  return `${scope.tenant}:${scope.partition}`;
}
