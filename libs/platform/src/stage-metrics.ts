import { Counter, Gauge, Histogram, Registry } from 'prom-client';

interface Scope {
  tenant: string;
  partition: number;
}

interface Status {
  lag: number;
  pending: number;
  dead_lettered: number;
  seconds_behind: number;
}

/** Batch durations in seconds: a few ms for a small projection batch up to slow ML batches. */
const BATCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of one pipeline stage; the object plugs into the stream consumer as its
 * metric hooks (StreamConsumerMetrics in @cg/redis, matched structurally).
 */
export class StageMetrics {
  private readonly batchDuration: Histogram<'stage'>;
  private readonly processedTotal: Counter<'stage'>;
  private readonly failedTotal: Counter<'stage'>;
  private readonly deadLetteredTotal: Counter<'stage'>;
  private readonly lagSeconds: Gauge<'stage' | 'tenant' | 'partition'>;
  private readonly undelivered: Gauge<'stage' | 'tenant' | 'partition'>;
  private readonly pendingEntries: Gauge<'stage' | 'tenant' | 'partition'>;
  private readonly deadLetterEntries: Gauge<'stage' | 'tenant' | 'partition'>;

  constructor(registry: Registry, private readonly stage: string) {
    const scoped = ['stage', 'tenant', 'partition'] as const;
    this.batchDuration = metric(registry, 'cg_stage_batch_duration_seconds', () => new Histogram({
      name: 'cg_stage_batch_duration_seconds', help: 'Time to handle and settle one batch of stream entries',
      labelNames: ['stage'], buckets: BATCH_BUCKETS, registers: [registry],
    }));
    this.processedTotal = counter(registry, 'cg_stage_entries_processed_total', 'Stream entries handled and acknowledged');
    this.failedTotal = counter(registry, 'cg_stage_entries_failed_total', 'Stream entry failures (each retry counts)');
    this.deadLetteredTotal = counter(registry, 'cg_stage_entries_dead_lettered_total', 'Stream entries moved to the dead-letter stream');
    this.lagSeconds = gauge(registry, 'cg_stage_lag_seconds', 'Age of the oldest undelivered or pending entry (0 when caught up)', scoped);
    this.undelivered = gauge(registry, 'cg_stage_undelivered_entries', 'Entries not yet delivered to the consumer group', scoped);
    this.pendingEntries = gauge(registry, 'cg_stage_pending_entries', 'Entries delivered but not yet acknowledged', scoped);
    this.deadLetterEntries = gauge(registry, 'cg_stage_dead_letter_entries', 'Length of the dead-letter stream', scoped);
  }

  observeBatch(seconds: number): void {
    this.batchDuration.observe({ stage: this.stage }, seconds);
  }

  processed(count: number): void {
    this.processedTotal.inc({ stage: this.stage }, count);
  }

  failed(count: number): void {
    this.failedTotal.inc({ stage: this.stage }, count);
  }

  deadLettered(count: number): void {
    this.deadLetteredTotal.inc({ stage: this.stage }, count);
  }

  stageStatus(scope: Scope, status: Status): void {
    const labels = { stage: this.stage, tenant: scope.tenant, partition: String(scope.partition) };
    this.lagSeconds.set(labels, status.seconds_behind);
    this.undelivered.set(labels, status.lag);
    this.pendingEntries.set(labels, status.pending);
    this.deadLetterEntries.set(labels, status.dead_lettered);
  }
}

/** Reuses a metric already registered (several stages, or a restart within one process). */
function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

function counter(registry: Registry, name: string, help: string): Counter<'stage'> {
  return metric(registry, name, () => new Counter({ name, help, labelNames: ['stage'], registers: [registry] }));
}

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return metric(registry, name, () => new Gauge({ name, help, labelNames, registers: [registry] }));
}
