import { isSummaryId, PartitionRef } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import { StreamEntry, StreamHandler } from '@cg/redis';
import { ConsolidateUseCase, PassResult, RetentionResult } from './consolidate.use-case';
import { ConsolidationMetrics } from './consolidation.metrics';

/**
 * Adapts enriched-stream entries (field `event_id`) to the use case: counts their importance per
 * agent scope and consolidates each scope past the reflection threshold at once (SPEC §6). A failed
 * pass is logged, not thrown: the counts are in Redis, so the next batch or the schedule retries it,
 * and the entries themselves were handled.
 */
export class ConsolidationHandler implements StreamHandler {
  constructor(private readonly useCase: ConsolidateUseCase, private readonly logger: JsonLogger, private readonly metrics: ConsolidationMetrics) {}

  async handle(scope: PartitionRef, entries: StreamEntry[]): Promise<void> {
    const malformed = entries.find((e) => !e.fields.event_id);
    // Thrown, so the consumer isolates the entry and, after max retries, dead-letters it.
    if (malformed) throw new Error(`enriched entry ${malformed.id} has no event_id`);
    // Summaries come back through enrichment (their index entries); only events count toward reflection.
    const eventIds = entries.map((e) => e.fields.event_id).filter((id) => !isSummaryId(id));
    const { due, missing } = await this.useCase.count(scope, eventIds);
    if (missing.length) this.logger.warn('events without a graph node; not counted', { tenant: scope.tenant, partition: scope.partition, event_ids: missing });
    this.metrics.counted.inc(eventIds.length - missing.length);
    for (const agent of due) {
      try {
        const result = await this.useCase.consolidate(agent, 'reflection');
        this.metrics.pass('reflection', result);
        if (result.outcome !== 'locked') this.logger.info('reflection pass', { tenant: agent.tenant, partition: agent.partition, agent_id: agent.agentId, ...summaryOf(result) });
      } catch (error) {
        this.metrics.failed('reflection');
        this.logger.warn('reflection pass failed; retried on the next batch or the schedule', {
          tenant: agent.tenant, partition: agent.partition, agent_id: agent.agentId, error: (error as Error).message,
        });
      }
    }
  }
}

/** A pass as logged: summaries, and what forgetting pruned by tier. */
export function summaryOf(result: PassResult) {
  return {
    outcome: result.outcome, sessions: result.sessions, summaries_written: result.written, summaries_unchanged: result.unchanged,
    ...(result.forgotten ? {
      pruned_cold: result.forgotten.pruned.cold, pruned_archive: result.forgotten.pruned.archive, similar_edges_dropped: result.forgotten.similarDropped,
      awaiting_summary: result.forgotten.awaitingSummary, kept_on_causal_chain: result.forgotten.protectedByCausalChain,
    } : {}),
  };
}

/** A retention run as logged. */
export function retentionSummary(result: RetentionResult) {
  return {
    stream_entries_trimmed: result.streams.reduce((sum, s) => sum + s.trimmed, 0), documents_expired: result.documentsExpired,
    held_by: result.streams.filter((s) => s.heldBy).map((s) => `${s.stream}:${s.heldBy}`),
  };
}
