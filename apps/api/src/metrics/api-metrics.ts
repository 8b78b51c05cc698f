import { Counter, Gauge, Histogram, Registry } from '@cg/platform';
import { AppendResult, PartitionRef } from '@cg/domain';
import { RateLimitRecorder } from '../http/rate-limit';

/** What ingest reports about each append (so the use case does not know Prometheus). */
export interface IngestRecorder {
  recordIngest(results: AppendResult[], seconds: number): void;
}

/** What ingest backpressure reports: each partition's backlog as read, each write it refused. */
export interface BackpressureRecorder {
  recordBacklog(scope: PartitionRef, entries: number): void;
  recordBackpressure(tenant: string, stage: string): void;
}

/** The API's Prometheus metrics: ingest counts and latency, HTTP request durations, refusals of the limits. */
export class ApiMetrics implements IngestRecorder, RateLimitRecorder, BackpressureRecorder {
  private readonly ingested: Counter<'status'>;
  private readonly rateLimited: Counter<'tenant'>;
  private readonly backlog: Gauge<'tenant' | 'partition'>;
  private readonly backpressured: Counter<'tenant' | 'stage'>;
  private readonly ingestSeconds: Histogram;
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;

  constructor(readonly registry: Registry) {
    this.ingested = new Counter({
      name: 'cg_ingest_events_total',
      help: 'Events written to the ledger, by outcome (accepted, duplicate, conflict).',
      labelNames: ['status'],
      registers: [registry],
    });
    this.ingestSeconds = new Histogram({
      name: 'cg_ingest_duration_seconds',
      help: 'Time to append one request\'s events to the ledger (one round trip per request).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.requestSeconds = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.rateLimited = new Counter({
      name: 'cg_rate_limited_total',
      help: 'Requests refused with 429 because their API key\'s rate limit was used up, by tenant.',
      labelNames: ['tenant'],
      registers: [registry],
    });
    this.backlog = new Gauge({
      name: 'cg_ingest_backlog_entries',
      help: 'Largest stage backlog (lag + pending) of a partition, as last read by the ingest backpressure check.',
      labelNames: ['tenant', 'partition'],
      registers: [registry],
    });
    this.backpressured = new Counter({
      name: 'cg_ingest_backpressure_total',
      help: 'Ingest requests refused with 503 because a stage of a partition they write to was over INGEST_BACKLOG_LIMIT, by tenant and stage.',
      labelNames: ['tenant', 'stage'],
      registers: [registry],
    });
  }

  recordIngest(results: AppendResult[], seconds: number): void {
    const counts = new Map<string, number>();
    for (const { status } of results) counts.set(status, (counts.get(status) ?? 0) + 1);
    for (const [status, count] of counts) this.ingested.inc({ status }, count);
    this.ingestSeconds.observe(seconds);
  }

  recordBacklog({ tenant, partition }: PartitionRef, entries: number): void {
    this.backlog.set({ tenant, partition: String(partition) }, entries);
  }

  recordBackpressure(tenant: string, stage: string): void {
    this.backpressured.inc({ tenant, stage });
  }

  recordRateLimited(tenant: string): void {
    this.rateLimited.inc({ tenant });
  }

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }
}
