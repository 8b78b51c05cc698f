import { AgentScope } from '../enrichment/ports';
import { PartitionRef } from '../scoping/partition';
import { SummaryNode } from './summary-plan';

/** One enriched event as the reflection accumulator counts it. */
export interface CountedEvent {
  id: string;
  sessionId: string;
  importance: number;
}

/** Where an agent scope stands since its last reflection. */
export interface ReflectionState {
  /** Summed importance of the events counted since the last reflection. */
  sum: number;
  /** Opaque mark of the last count: a completed reflection takes back exactly what it saw. */
  mark: number;
}

/**
 * Counts importance per agent scope (SPEC §6) and remembers which sessions have events no summary
 * covers yet. Every id counts once, however often it is delivered.
 */
export interface ReflectionAccumulator {
  /** Counts the events not counted before; returns the scope's state afterwards. */
  add(scope: AgentScope, events: CountedEvent[]): Promise<ReflectionState>;
  state(scope: AgentScope): Promise<ReflectionState>;
  /**
   * A reflection that began at `seen` completed: its sum is taken back, later counts stay. Only
   * while `lease` holds the scope lock (a holder that lost it leaves the counts to the next one);
   * false when it did not.
   */
  complete(scope: AgentScope, seen: ReflectionState, lease: LockLease): Promise<boolean>;
  /** Sessions with events added since they were last consolidated, with their change marks. */
  dirtySessions(scope: AgentScope): Promise<Map<string, number>>;
  /** Every session the scope has had events in. */
  sessions(scope: AgentScope): Promise<string[]>;
  /** Clears a session's dirty mark unless it changed since `mark` was read. */
  clearDirty(scope: AgentScope, sessionId: string, mark: number): Promise<void>;
  /** Agent ids of a partition with anything counted (what the scheduler walks). */
  agents(scope: PartitionRef): Promise<string[]>;
}

/** Summary nodes and their SUMMARIZES edges (SPEC §5). */
export interface SummaryStore {
  /** The stored summaries among `ids` (missing ones left out). */
  summaries(scope: AgentScope, ids: string[]): Promise<SummaryNode[]>;
  /** Stored digest of each id (null when there is no such summary). */
  digests(scope: AgentScope, ids: string[]): Promise<(string | null)[]>;
  /**
   * Writes one summary atomically (node, SUMMARIZES edges to `sources` with `{level}`, scope index),
   * dropping edges to sources it no longer covers and any episode summary only it pointed to.
   * Nothing changes when the stored digest equals the node's; nothing is written unless `lock`
   * is still held. Returns 'written', 'unchanged' or 'lock-lost'.
   */
  write(scope: AgentScope, node: SummaryNode, sources: string[], lock: LockLease): Promise<'written' | 'unchanged' | 'lock-lost'>;
  /** Summary ids of the scope, oldest first. */
  scopeSummaryIds(scope: AgentScope): Promise<string[]>;
}

/** A held scope lock: who holds it (token) on which key. */
export interface LockLease {
  name: string;
  token: string;
}

/** Mutual exclusion per agent scope with expiry (SPEC §9): a crashed holder's lock runs out. */
export interface ScopeLock {
  /** The lease when taken, null when someone else holds it. */
  acquire(scope: AgentScope, name: string, ttlMs: number): Promise<LockLease | null>;
  /** Extends the lease; false when it is no longer ours (expired and maybe taken). */
  renew(scope: AgentScope, lease: LockLease, ttlMs: number): Promise<boolean>;
  /** Releases the lease if it is still ours. */
  release(scope: AgentScope, lease: LockLease): Promise<void>;
}
