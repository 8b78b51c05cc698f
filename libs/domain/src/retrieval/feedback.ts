import { EVENT_RULES } from '../events/rules';
import { LedgerEvent } from '../events/event';
import { AgentScope } from '../enrichment/ports';
import { isEntityId } from '../graph/entities';

/** The ledger event that records a feedback request (SPEC §7). */
export const FEEDBACK_EVENT_TYPE = 'system.feedback';
/** At most this many ids per list (SPEC §7). */
export const MAX_FEEDBACK_NODES = 100;

export type FeedbackDelta = 1 | -1;

/** What a feedback request says, lists deduplicated and sorted: the canonical form to hash and record. */
export interface FeedbackRequest {
  queryId: string;
  sessionId: string;
  helpful: string[];
  irrelevant: string[];
}

/**
 * The graph side of feedback (port): moves `importance_score` of the scope's Event nodes by the deltas,
 * at most once per feedback event. The API applies a request right after the ledger took its event,
 * projection applies every `system.feedback` event it projects again, so whichever comes first changes
 * the graph and the other changes nothing: a crash between ledger and graph, a redelivery or a rebuild
 * from the ledger neither loses nor doubles feedback. Ids that are no Event node of the scope (yet) are
 * skipped for good.
 */
export interface ImportanceFeedback {
  /**
   * The importance_score of each Event node of the scope named in `deltas`, once applied: the new
   * score, or — when this feedback event was applied before — the current one. Other ids left out.
   */
  apply(scope: AgentScope, feedbackEventId: string, deltas: Map<string, FeedbackDelta>): Promise<Map<string, number>>;
}

/** Importance stays an integer 1–10, whatever base and feedback add up to. */
export function clampImportance(value: number): number {
  const { min, max } = EVENT_RULES.importanceHint;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * The graph's `importance_score`: enrichment's base plus the summed feedback, clamped. Keeping the two
 * apart lets re-enrichment replace the base without wiping what users said.
 */
export function effectiveImportance(base: number, feedback: number): number {
  return clampImportance(base + feedback);
}

/**
 * The feedback sum after one more ±1, held so that base + feedback stays within 1–10: a node already
 * at 10 gains nothing by a helpful vote, and a later irrelevant one lowers it at once.
 */
export function nextFeedback(base: number, feedback: number, delta: FeedbackDelta): number {
  return clampImportance(base + feedback + delta) - base;
}

/** Ids named both helpful and irrelevant (a contradiction the API refuses). */
export function contradictoryIds(helpful: string[], irrelevant: string[]): string[] {
  const inHelpful = new Set(helpful);
  return [...new Set(irrelevant.filter((id) => inHelpful.has(id)))].sort();
}

/** +1 per helpful id, −1 per irrelevant id, each id once; ids that carry no importance (entities) left out. */
export function feedbackDeltas(request: Pick<FeedbackRequest, 'helpful' | 'irrelevant'>): Map<string, FeedbackDelta> {
  const deltas = new Map<string, FeedbackDelta>();
  for (const id of request.helpful) if (!isEntityId(id)) deltas.set(id, 1);
  for (const id of request.irrelevant) if (!isEntityId(id)) deltas.set(id, -1);
  return deltas;
}

/** The request with its lists deduplicated and sorted, so the same feedback always reads the same. */
export function canonicalFeedback(request: FeedbackRequest): FeedbackRequest {
  const canonical = (ids: string[]) => [...new Set(ids)].sort();
  return { ...request, queryId: request.queryId.toLowerCase(), helpful: canonical(request.helpful), irrelevant: canonical(request.irrelevant) };
}

/** The name a feedback event id is derived from: a repeat of the same request names the same event. */
export function feedbackIdentity(request: FeedbackRequest): string {
  const { queryId, sessionId, helpful, irrelevant } = canonicalFeedback(request);
  return JSON.stringify(['feedback', queryId, sessionId, helpful, irrelevant]);
}

/**
 * What a `system.feedback` event asks of the graph (in the event's partition and agent scope): the
 * deltas of its payload's `helpful_node_ids` / `irrelevant_node_ids`; null for any other event
 * type. Read defensively — the payload came through the ledger: anything that is not a
 * non-empty string is ignored, and each list is held to its first MAX_FEEDBACK_NODES ids.
 */
export function recordedFeedback(event: LedgerEvent): Map<string, FeedbackDelta> | null {
  if (event.event_type !== FEEDBACK_EVENT_TYPE) return null;
  const ids = (list: unknown): string[] => (Array.isArray(list) ? list : [])
    .filter((id): id is string => typeof id === 'string' && id.length > 0)
    .slice(0, MAX_FEEDBACK_NODES);
  return feedbackDeltas({ helpful: ids(event.payload?.helpful_node_ids), irrelevant: ids(event.payload?.irrelevant_node_ids) });
}
