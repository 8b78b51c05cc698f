import { PartitionRef } from '@cg/domain';
import { Counter, JsonLogger, Registry } from '@cg/platform';
import { StreamEntry, StreamHandler } from '@cg/redis';
import { ProjectEventsUseCase } from './project-events.use-case';

/** Adapts ledger-stream entries (field `event_id`) to the use case and counts what it did. */
export class ProjectionHandler implements StreamHandler {
  private readonly projected: Counter<'outcome'>;

  constructor(private readonly useCase: ProjectEventsUseCase, private readonly logger: JsonLogger, registry: Registry) {
    this.projected = (registry.getSingleMetric('cg_projection_events_total') as Counter<'outcome'> | undefined) ?? new Counter({
      name: 'cg_projection_events_total',
      help: 'Events seen by projection, by outcome: created (new node), existing (already projected), missing (document gone)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async handle(scope: PartitionRef, entries: StreamEntry[]): Promise<void> {
    const malformed = entries.find((e) => !e.fields.event_id);
    // Thrown, so the consumer isolates the entry and, after max retries, dead-letters it.
    if (malformed) throw new Error(`ledger entry ${malformed.id} has no event_id`);
    const result = await this.useCase.execute(scope, entries.map((e) => e.fields.event_id));
    if (result.missing.length) {
      this.logger.warn('event documents missing (past retention); skipped', {
        tenant: scope.tenant, partition: scope.partition, event_ids: result.missing,
      });
    }
    this.projected.inc({ outcome: 'created' }, result.created);
    this.projected.inc({ outcome: 'existing' }, result.projected.length - result.created);
    this.projected.inc({ outcome: 'missing' }, result.missing.length);
  }
}
