import { HOUR_MS } from '../clock';
import { AgentScope } from '../enrichment/ports';

/** Age tiers of the graph (SPEC §9); the ledger is never pruned by them. */
export type ForgettingTier = 'hot' | 'warm' | 'cold' | 'archive';

export interface ForgettingPolicy {
  /** Younger than this: everything stays. */
  hotMs: number;
  /** Younger than this (and past hot): weak SIMILAR_TO edges go. */
  warmMs: number;
  /** Younger than this (and past warm): only important or often-used nodes stay; older: only summaries. */
  coldMs: number;
  /** SIMILAR_TO edges scoring below this are dropped from warm on. */
  weakSimilarity: number;
  /** A cold node stays with at least this importance … */
  keepImportance: number;
  /** … or at least this many accesses. */
  keepAccessCount: number;
}

export const DEFAULT_FORGETTING: ForgettingPolicy = {
  hotMs: 24 * HOUR_MS,
  warmMs: 7 * 24 * HOUR_MS,
  coldMs: 30 * 24 * HOUR_MS,
  weakSimilarity: 0.7,
  keepImportance: 5,
  keepAccessCount: 3,
};

/** The tier of a node `ageMs` old (age from its ingestion: SPEC §3, §9 — a historical import is not old on arrival). */
export function forgettingTier(ageMs: number, policy = DEFAULT_FORGETTING): ForgettingTier {
  if (ageMs < policy.hotMs) return 'hot';
  if (ageMs < policy.warmMs) return 'warm';
  if (ageMs < policy.coldMs) return 'cold';
  return 'archive';
}

/** What the forgetting pass knows of one Event node. */
export interface ForgettingCandidate {
  /** When the ledger took the event (`ingested_at`): what its age counts from, never `occurred_at`. */
  ingestedMs: number;
  importance: number;
  accessCount: number;
  /** Another event is (or was, before forgetting) CAUSED_BY it (in-degree of CAUSED_BY, SPEC §9): the causes of a chain stay. */
  onCausalChain: boolean;
  /** A summary already covers it (its lineage survives the node). */
  summarized: boolean;
}

/**
 * keep: stays; prune: leaves the graph; summarize-first: would leave, but no summary covers it yet,
 * so consolidation folds it into one before a later pass prunes it.
 */
export type ForgettingDecision = 'keep' | 'prune' | 'summarize-first';

/**
 * SPEC §9: hot and warm keep every node; cold keeps important (≥ 5) or often-used (≥ 3 accesses)
 * nodes; archive keeps none but summaries. A node on a causal chain always stays, and nothing
 * leaves before a summary covers it.
 */
export function forgettingDecision(node: ForgettingCandidate, now: number, policy = DEFAULT_FORGETTING): ForgettingDecision {
  const tier = forgettingTier(now - node.ingestedMs, policy);
  if (tier === 'hot' || tier === 'warm' || node.onCausalChain) return 'keep';
  if (tier === 'cold' && (node.importance >= policy.keepImportance || node.accessCount >= policy.keepAccessCount)) return 'keep';
  return node.summarized ? 'prune' : 'summarize-first';
}

/** Whether a SIMILAR_TO edge `ageMs` old (the age of its younger end by ingestion) is dropped (warm tier and older, score below the bar). */
export function dropsSimilarEdge(score: number, ageMs: number, policy = DEFAULT_FORGETTING): boolean {
  return forgettingTier(ageMs, policy) !== 'hot' && score < policy.weakSimilarity;
}

/** An Event node past the hot tier, as the forgetting pass reads it. */
export interface AgedEvent extends ForgettingCandidate {
  id: string;
  /** Its SIMILAR_TO edges to older events (stored newer → older), with when the other end was ingested: an edge is as old as its younger end. */
  similar: { other: string; score: number; otherIngestedMs: number }[];
}

/** The graph side of forgetting (SPEC §9): reads aged nodes, drops edges, prunes nodes. Never the ledger. */
export interface ForgettingStore {
  /** Event nodes of the agent scope ingested before `beforeMs`, first ingested first, from `offset`. */
  agedEvents(scope: AgentScope, beforeMs: number, offset: number, limit: number): Promise<AgedEvent[]>;
  /** Removes SIMILAR_TO edges between these pairs (both stored directions); returns how many went. */
  dropSimilarEdges(scope: AgentScope, pairs: [string, string][]): Promise<number>;
  /** Takes these Event nodes out of the graph and its indexes; returns the ids pruned. */
  pruneEvents(scope: AgentScope, ids: string[]): Promise<string[]>;
}

/** What one forgetting pass did to a scope: logged and counted in metrics by tier. */
export interface ForgettingReport {
  pruned: Record<'cold' | 'archive', number>;
  similarDropped: number;
  /** Would have left, but no summary covers them yet. */
  awaitingSummary: number;
  protectedByCausalChain: number;
}

/**
 * One forgetting pass over an agent scope (SPEC §9), first ingested first, a page at a time: weak
 * SIMILAR_TO edges between nodes past the hot tier go, then the nodes the policy lets leave.
 */
export async function forgetScope(store: ForgettingStore, scope: AgentScope, now: number, policy = DEFAULT_FORGETTING, pageSize = 500): Promise<ForgettingReport> {
  const report: ForgettingReport = { pruned: { cold: 0, archive: 0 }, similarDropped: 0, awaitingSummary: 0, protectedByCausalChain: 0 };
  let offset = 0;
  for (;;) {
    const page = await store.agedEvents(scope, now - policy.hotMs, offset, pageSize);
    if (!page.length) return report;
    const weak = page.flatMap((e) => e.similar
      .filter((s) => dropsSimilarEdge(s.score, now - Math.max(e.ingestedMs, s.otherIngestedMs), policy))
      .map((s): [string, string] => [e.id, s.other]));
    report.similarDropped += await store.dropSimilarEdges(scope, weak);

    const leaving: string[] = [];
    for (const event of page) {
      const decision = forgettingDecision(event, now, policy);
      if (decision === 'prune') leaving.push(event.id);
      if (decision === 'summarize-first') report.awaitingSummary++;
      if (decision === 'keep' && event.onCausalChain && forgettingTier(now - event.ingestedMs, policy) !== 'warm') report.protectedByCausalChain++;
    }
    const pruned = new Set(await store.pruneEvents(scope, leaving));
    for (const event of page) {
      if (pruned.has(event.id)) report.pruned[forgettingTier(now - event.ingestedMs, policy) as 'cold' | 'archive']++;
    }
    offset += page.length - pruned.size;
  }
}
