import { Inject, Injectable } from '@nestjs/common';
import { AppendResult, AppendStatus, Clock, DomainError, EventLedger, LedgerEvent, PartialAppendError, partitionOf, PartitionRef } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, CLOCK, EVENT_LEDGER, PARTITION_REGISTRY, PartitionDirectory } from '../infra/tokens';
import { ApiMetrics, IngestRecorder } from '../metrics/api-metrics';
import { IngestBackpressure } from './ingest-backpressure';

/** Validated events of one request, for one tenant. */
export interface IngestEventsCommand {
  tenant: string;
  events: LedgerEvent[];
}

export interface IngestedEvent {
  event_id: string;
  global_position: string | null;
  status: AppendStatus;
  /** Why a conflict was refused: same id with other content, or a session owned by another agent. */
  conflict?: 'content' | 'session';
}

export interface BatchOutcome {
  results: IngestedEvent[];
  accepted: number;
  duplicates: number;
  conflicts: number;
}

/**
 * Writes events to the ledger (SPEC §4): each atomically on its own, all in one round trip, after
 * announcing their partitions so the workers find the streams — or nothing at all when a partition
 * written to is too far behind (SPEC §10 backpressure).
 */
@Injectable()
export class IngestEvents {
  constructor(
    @Inject(EVENT_LEDGER) private readonly ledger: EventLedger,
    @Inject(PARTITION_REGISTRY) private readonly partitions: PartitionDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ApiMetrics) private readonly metrics: IngestRecorder,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'partitions'>,
    @Inject(IngestBackpressure) private readonly backpressure: Pick<IngestBackpressure, 'admit'>,
  ) {}

  /** One event: a conflict of either kind is an error (409), a repeat is answered as such. */
  async one(tenant: string, event: LedgerEvent): Promise<IngestedEvent> {
    const [result] = await this.append({ tenant, events: [event] });
    if (result.status === 'conflict') throw conflictError(event, result);
    return result;
  }

  /** A batch: every event gets its own status, in request order. */
  async batch(command: IngestEventsCommand): Promise<BatchOutcome> {
    const results = await this.append(command);
    const count = (status: AppendStatus) => results.filter((r) => r.status === status).length;
    return { results, accepted: count('accepted'), duplicates: count('duplicate'), conflicts: count('conflict') };
  }

  private async append({ tenant, events }: IngestEventsCommand): Promise<IngestedEvent[]> {
    const scopes = this.scopesOf(tenant, events);
    await this.backpressure.admit(scopes);
    await Promise.all(scopes.map((scope) => this.partitions.register(scope)));
    const started = process.hrtime.bigint();
    const results = await this.ledger.append(tenant, events, this.clock.now()).catch((error: unknown) => {
      throw error instanceof PartialAppendError ? partialWriteError(error) : error;
    });
    this.metrics.recordIngest(results, Number(process.hrtime.bigint() - started) / 1e9);
    return results.map(toIngested);
  }

  private scopesOf(tenant: string, events: LedgerEvent[]): PartitionRef[] {
    const partitions = new Set(events.map((e) => partitionOf(e.agent_id, this.config.partitions)));
    return [...partitions].map((partition) => ({ tenant, partition }));
  }
}

function toIngested({ event_id, global_position, status, conflict }: AppendResult): IngestedEvent {
  return conflict ? { event_id, global_position, status, conflict } : { event_id, global_position, status };
}

/**
 * Redis failed part-way through: when nothing new went in, the plain error (a 503 when Redis is
 * unreachable); otherwise a 503 that names what each event got, so the caller knows what is stored.
 * Retrying the whole request is always safe: what was written answers `duplicate`.
 */
function partialWriteError({ results, cause }: PartialAppendError): Error {
  const written = results.filter((r) => r?.status === 'accepted').length;
  if (!written) return cause;
  const details = results.map((result, index) => ({
    field: `events[${index}]`,
    message: result ? `${result.status}${result.global_position ? ` at ${result.global_position}` : ''}` : 'not written (or unknown): retry it',
  }));
  return new DomainError('partially_written', `${written} of ${results.length} events were written before the ledger failed; retry the request: written events answer duplicate`, details);
}

function conflictError(event: LedgerEvent, result: AppendResult): DomainError {
  if (result.conflict === 'session') {
    return new DomainError('conflict', `session ${event.session_id} belongs to another agent`, [
      { field: 'agent_id', message: `does not own session ${event.session_id}` },
    ]);
  }
  return new DomainError('conflict', `event ${event.event_id} was already ingested with different content`, [
    { field: 'event_id', message: 'is already taken by an event with different content' },
  ]);
}
