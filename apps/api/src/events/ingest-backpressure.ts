import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Clock, largestBacklog, LargestBacklog, PartitionRef, STAGES } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, CLOCK, STAGE_STATUS_READER, StageStatusReader } from '../infra/tokens';
import { ApiMetrics, BackpressureRecorder } from '../metrics/api-metrics';

/** SPEC §10: the backlog figure ingest acts on is at most 1 s old. */
const BACKLOG_MAX_AGE_MS = 1_000;

interface Reading {
  startedAt: number;
  backlog: Promise<LargestBacklog>;
}

/**
 * Ingest backpressure (SPEC §10): a write to a partition any of whose stages has more than
 * `INGEST_BACKLOG_LIMIT` entries waiting is refused with a 503 before anything is written. Each
 * partition's stages are read at most once a second per API process, counting no further than just
 * past the limit (exact lag pages through a stream); requests meanwhile share the reading in flight
 * or the last one.
 */
@Injectable()
export class IngestBackpressure {
  private readonly readings = new Map<string, Reading>();

  constructor(
    @Inject(STAGE_STATUS_READER) private readonly readStage: StageStatusReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ApiMetrics) private readonly metrics: BackpressureRecorder,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'ingestBacklogLimit'>,
  ) {}

  /** Throws a 503 (answered with `Retry-After`) when any of `scopes` is too far behind. */
  async admit(scopes: PartitionRef[]): Promise<void> {
    const backlogs = await Promise.all(scopes.map((scope) => this.backlogOf(scope)));
    const limit = this.config.ingestBacklogLimit;
    const index = backlogs.findIndex((backlog) => backlog.entries > limit);
    if (index < 0) return;
    const { stage, entries } = backlogs[index];
    this.metrics.recordBackpressure(scopes[index].tenant, stage);
    throw new ServiceUnavailableException(
      `ingest is paused: the ${stage} stage of partition ${scopes[index].partition} has ${entries} entries waiting (limit ${limit}); retry shortly`,
    );
  }

  private backlogOf(scope: PartitionRef): Promise<LargestBacklog> {
    const key = `${scope.tenant}:${scope.partition}`;
    const now = this.clock.now();
    const last = this.readings.get(key);
    if (last && now - last.startedAt < BACKLOG_MAX_AGE_MS) return last.backlog;
    const countUpTo = this.config.ingestBacklogLimit + 1;
    const backlog = Promise.all(STAGES.map((stage) => this.readStage(scope, stage, { countUpTo }))).then((statuses) => {
      const largest = largestBacklog(statuses);
      this.metrics.recordBacklog(scope, largest.entries);
      return largest;
    });
    const reading = { startedAt: now, backlog };
    this.readings.set(key, reading);
    // A failed reading (Redis unreachable) fails the requests that share it and is not kept.
    backlog.catch(() => {
      if (this.readings.get(key) === reading) this.readings.delete(key);
    });
    return backlog;
  }
}
