import { PartitionRef } from '@cg/domain';
import { Counter, JsonLogger, Registry } from '@cg/platform';
import { StreamEntry, StreamHandler } from '@cg/redis';
import { EnrichEventsUseCase } from './enrich-events.use-case';

/** Adapts projected-stream entries (field `event_id`) to the use case and counts what it did. */
export class EnrichmentHandler implements StreamHandler {
  private readonly enriched: Counter<'outcome'>;

  constructor(private readonly useCase: EnrichEventsUseCase, private readonly logger: JsonLogger, registry: Registry) {
    this.enriched = new Counter({
      name: 'cg_enrichment_events_total',
      help: 'Ids (events and summaries) seen by enrichment, by outcome: enriched, or missing (no Event or Summary node)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async handle(scope: PartitionRef, entries: StreamEntry[]): Promise<void> {
    const malformed = entries.find((e) => !e.fields.event_id);
    // Thrown, so the consumer isolates the entry and, after max retries, dead-letters it.
    if (malformed) throw new Error(`projected entry ${malformed.id} has no event_id`);
    const result = await this.useCase.execute(scope, entries.map((e) => e.fields.event_id));
    if (result.missing.length) {
      this.logger.warn('events without a graph node; skipped', { tenant: scope.tenant, partition: scope.partition, event_ids: result.missing });
    }
    this.enriched.inc({ outcome: 'enriched' }, result.enriched.length);
    this.enriched.inc({ outcome: 'missing' }, result.missing.length);
  }
}
