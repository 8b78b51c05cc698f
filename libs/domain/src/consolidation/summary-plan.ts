import { EventNode } from '../graph/model';
import { SummaryLevel, SummaryMethod, SummarySource } from './summarizer';

/** Id prefix of every Summary node (SPEC §5: `summary:<scope>:<scope id>[:<n>]`). */
export const SUMMARY_ID_PREFIX = 'summary:';

/**
 * The stable id of a summary: `summary:episode:<first event id of the episode>`,
 * `summary:session:<session id>`, `summary:agent:<agent id>`. The same input always gets the same id,
 * so a pass rewrites a summary in place instead of adding another.
 */
export function summaryId(level: SummaryLevel, scopeId: string): string {
  return `${SUMMARY_ID_PREFIX}${level}:${scopeId}`;
}

export function isSummaryId(id: string): boolean {
  return id.startsWith(SUMMARY_ID_PREFIX);
}

/** The level a summary id names, or null for any other id. */
export function summaryLevelOf(id: string): SummaryLevel | null {
  const match = /^summary:(episode|session|agent):/.exec(id);
  return match ? (match[1] as SummaryLevel) : null;
}

/** A source of a summary together with the Event ids it stands for (itself, for an event). */
export interface CoveredSource extends SummarySource {
  /** Source Event ids, transitively through lower summaries. */
  derivedFrom: string[];
  /** Oldest covered occurrence of a lower summary (`occurredMs` is its newest); an event's is its own. */
  firstMs?: number;
}

/** Everything about a summary except its text: what the store needs to know whether to rewrite it. */
export interface SummaryPlan {
  id: string;
  level: SummaryLevel;
  agentId: string;
  /** Set for episode and session summaries (one session each). */
  sessionId?: string;
  /** What it summarizes, oldest first: Events (episode) or lower summaries (session, agent). */
  sources: CoveredSource[];
  /** Source Event ids, transitively, sorted. */
  derivedFrom: string[];
  /** Digest of the sources' ids and texts: equal digest = unchanged input = nothing to rewrite. */
  digest: string;
  /** Oldest and newest covered occurrence. */
  firstMs: number;
  occurredMs: number;
  /** The most important source's importance (1–10). */
  importance: number;
}

/** The Summary node as stored (SPEC §5). */
export interface SummaryNode {
  id: string;
  node_type: 'Summary';
  agent_id: string;
  session_id?: string;
  level: SummaryLevel;
  summary: string;
  method: SummaryMethod;
  model: string;
  derived_from: string[];
  occurred_ms: number;
  first_ms: number;
  importance_score: number;
  sources_digest: string;
  source_count: number;
  created_ms: number;
}

const DEFAULT_IMPORTANCE = 5;

/** An Event node as a summary source: its text (or, without one, its type and tool). */
export function eventSource(node: Pick<EventNode, 'id' | 'event_type' | 'occurred_ms' | 'text' | 'tool_name' | 'importance_score'>): CoveredSource {
  const text = node.text?.trim() || [node.event_type, node.tool_name?.trim()].filter(Boolean).join(' ');
  return {
    id: node.id, text, occurredMs: node.occurred_ms, kind: node.event_type,
    importance: node.importance_score ?? DEFAULT_IMPORTANCE, derivedFrom: [node.id],
  };
}

/** A stored summary as a source of the level above it. */
export function summarySource(node: Pick<SummaryNode, 'id' | 'summary' | 'occurred_ms' | 'first_ms' | 'importance_score' | 'derived_from'>): CoveredSource {
  return {
    id: node.id, text: node.summary, occurredMs: node.occurred_ms, kind: 'summary',
    importance: node.importance_score, derivedFrom: node.derived_from, firstMs: node.first_ms,
  };
}

export interface PlanSummaryInput {
  level: SummaryLevel;
  /** Episode: its first event id; session: the session id; agent: the agent id. */
  scopeId: string;
  agentId: string;
  sessionId?: string;
  sources: CoveredSource[];
}

/** A summary's plan from its sources (at least one): id, digest, bounds, lineage. Pure. */
export function planSummary(input: PlanSummaryInput): SummaryPlan {
  if (!input.sources.length) throw new Error(`a ${input.level} summary needs at least one source`);
  const first = (s: CoveredSource) => s.firstMs ?? s.occurredMs;
  const sources = [...input.sources].sort((a, b) => first(a) - first(b) || a.occurredMs - b.occurredMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    id: summaryId(input.level, input.scopeId),
    level: input.level,
    agentId: input.agentId,
    ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
    sources,
    derivedFrom: [...new Set(sources.flatMap((s) => s.derivedFrom))].sort(),
    digest: sourcesDigest(input.level, sources),
    firstMs: Math.min(...sources.map(first)),
    occurredMs: Math.max(...sources.map((s) => s.occurredMs)),
    importance: Math.max(...sources.map((s) => s.importance ?? DEFAULT_IMPORTANCE)),
  };
}

/** The node to store for a plan once its text is written. */
export function summaryNode(plan: SummaryPlan, text: { text: string; method: SummaryMethod; model: string }, createdMs: number): SummaryNode {
  return {
    id: plan.id,
    node_type: 'Summary',
    agent_id: plan.agentId,
    ...(plan.sessionId !== undefined ? { session_id: plan.sessionId } : {}),
    level: plan.level,
    summary: text.text,
    method: text.method,
    model: text.model,
    derived_from: plan.derivedFrom,
    occurred_ms: plan.occurredMs,
    first_ms: plan.firstMs,
    importance_score: plan.importance,
    sources_digest: plan.digest,
    source_count: plan.sources.length,
    created_ms: createdMs,
  };
}

/**
 * A digest of what a summary covers: its level and, in order, each source's id and text. Two
 * 32-bit lanes (FNV-1a and a multiplicative mix) as 16 hex digits: not cryptographic, only a
 * change detector, which is all idempotence needs.
 */
export function sourcesDigest(level: SummaryLevel, sources: Pick<SummarySource, 'id' | 'text'>[]): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  const feed = (value: string) => {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    // A separator no text can forge: lengths delimit the fields.
    a = Math.imul(a ^ (value.length + 0x100), 0x01000193);
    b = Math.imul(b ^ (value.length + 0x100), 0x5bd1e995);
  };
  feed(level);
  for (const source of sources) {
    feed(source.id);
    feed(source.text);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * Re-planning a session after forgetting must never lose what its summaries covered (SPEC §9:
 * lineage survives pruning). An episode summary some of whose events are gone from the graph is
 * sealed: kept as it is, the only record of them, and its remaining events count as covered, so a
 * re-plan neither rewrites it nor summarizes those events twice. Sealed ones come back oldest first.
 */
export function sealedEpisodes<T extends Pick<SummaryNode, 'id' | 'derived_from' | 'first_ms'>>(
  previous: T[], present: ReadonlySet<string>,
): { sealed: T[]; covered: Set<string> } {
  const sealed = previous
    .filter((p) => p.derived_from.some((id) => !present.has(id)))
    .sort((a, b) => a.first_ms - b.first_ms || (a.id < b.id ? -1 : 1));
  return { sealed, covered: new Set(sealed.flatMap((p) => p.derived_from)) };
}
