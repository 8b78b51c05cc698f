import { Inject, Injectable } from '@nestjs/common';
import {
  canonicalFeedback, Clock, contradictoryIds, DomainError, EVENT_RULES, EventLedger, FEEDBACK_EVENT_TYPE,
  feedbackDeltas, feedbackIdentity, FeedbackRequest, ImportanceFeedback, isEntityId, LedgerEvent,
} from '@cg/domain';
import { EventValidator } from '../events/event-validator';
import { IngestEvents } from '../events/ingest-events.use-case';
import { validationFailed } from '../http/input-validation';
import { CLOCK, EVENT_LEDGER, SESSION_DIRECTORY, SessionDirectory } from '../infra/tokens';
import { feedbackEventId } from './feedback-event-id';
import { FeedbackDto } from './feedback.dto';

/** Injection token of the domain's `ImportanceFeedback` port (the graph side of feedback). */
export const IMPORTANCE_FEEDBACK = Symbol('IMPORTANCE_FEEDBACK');

export interface SkippedNode {
  node_id: string;
  reason: 'no_importance' | 'not_found';
}

export interface FeedbackResult {
  feedback_event_id: string;
  status: 'accepted' | 'duplicate';
  adjusted: Record<string, number>;
  skipped: SkippedNode[];
}

/**
 * `POST /v1/feedback` (SPEC §6, §7): records the request as a `system.feedback` event through the
 * ordinary ingest path, then — only when the ledger took it as new — moves importance on the graph,
 * so the answer can say what moved. The event id is derived from the request, so a retry is a
 * duplicate and never adjusts twice. Applying is idempotent per feedback event and projection applies
 * every `system.feedback` event it projects too: a crash between the ledger write and the graph write
 * loses nothing, and projection getting there first doubles nothing.
 */
@Injectable()
export class RecordFeedback {
  constructor(
    @Inject(SESSION_DIRECTORY) private readonly sessions: SessionDirectory,
    @Inject(EVENT_LEDGER) private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IMPORTANCE_FEEDBACK) private readonly importance: ImportanceFeedback,
    private readonly validator: EventValidator,
    private readonly ingest: IngestEvents,
  ) {}

  async execute(tenant: string, dto: FeedbackDto): Promise<FeedbackResult> {
    const request = canonicalFeedback({
      queryId: dto.query_id, sessionId: dto.session_id,
      helpful: dto.helpful_node_ids.map(normalizeNodeId), irrelevant: dto.irrelevant_node_ids.map(normalizeNodeId),
    });
    const both = contradictoryIds(request.helpful, request.irrelevant);
    if (both.length) throw validationFailed([{ field: 'irrelevant_node_ids', message: `also named helpful: ${both.join(', ')}` }]);

    const partition = await this.sessions.sessionScope(tenant, request.sessionId);
    const [first] = partition ? (await this.ledger.sessionEvents(tenant, request.sessionId, 1)).events : [];
    if (!partition || !first) throw new DomainError('not_found', `session ${request.sessionId} not found`);

    const event = this.validator.one(feedbackEvent(request, first, this.clock.now()), 'service');
    const { results: [written] } = await this.ingest.batch({ tenant, events: [event] });
    if (written.status === 'conflict' && written.conflict === 'session') {
      throw new DomainError('conflict', `session ${request.sessionId} belongs to another agent`);
    }
    // A content conflict on a request-derived id is the same feedback recorded at another instant.
    if (written.status !== 'accepted') return { feedback_event_id: event.event_id, status: 'duplicate', adjusted: {}, skipped: [] };

    const adjusted = await this.importance.apply({ ...partition, agentId: first.agent_id }, event.event_id, feedbackDeltas(request));
    return { feedback_event_id: event.event_id, status: 'accepted', adjusted: Object.fromEntries(adjusted), skipped: skippedOf(request, adjusted) };
  }
}

/** Event ids are stored lowercase; other ids (entities) are matched as sent. */
function normalizeNodeId(id: string): string {
  return EVENT_RULES.uuid.test(id) ? id.toLowerCase() : id;
}

/** The ledger event recording the request, in the session's agent scope and trace. */
function feedbackEvent(request: FeedbackRequest, session: LedgerEvent, now: number): unknown {
  return {
    event_id: feedbackEventId(feedbackIdentity(request)),
    event_type: FEEDBACK_EVENT_TYPE,
    occurred_at: new Date(now).toISOString(),
    session_id: request.sessionId,
    agent_id: session.agent_id,
    trace_id: session.trace_id,
    payload_ref: `feedback:${request.queryId}`,
    payload: { query_id: request.queryId, helpful_node_ids: request.helpful, irrelevant_node_ids: request.irrelevant },
  };
}

function skippedOf(request: FeedbackRequest, adjusted: Map<string, number>): SkippedNode[] {
  return [...request.helpful, ...request.irrelevant]
    .filter((id) => !adjusted.has(id))
    .map((id) => ({ node_id: id, reason: isEntityId(id) ? 'no_importance' : 'not_found' }));
}
