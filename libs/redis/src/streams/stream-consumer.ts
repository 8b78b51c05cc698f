import Redis from 'ioredis';
import { PartitionRef } from '@cg/domain';
import { KeySpace, partitionMember } from '../keys';
import { PartitionReader } from './partition-reader';
import { readStageStatus } from './stage-status';
import { PartitionSource, ResolvedConsumerOptions, resolveConsumerOptions, StreamConsumerOptions, StreamHandler } from './types';

/**
 * The stream-consumer base every worker uses: one consumer-group reader per partition stream,
 * partitions discovered from the registry and re-polled so new tenants/partitions are picked up,
 * and (when a metrics hook wants it) a periodic stage-status reading for lag gauges.
 */
export class StreamConsumer {
  private readonly options: ResolvedConsumerOptions;
  private readonly readers = new Map<string, PartitionReader>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    private readonly partitions: PartitionSource,
    private readonly handler: StreamHandler,
    options: StreamConsumerOptions,
  ) {
    this.options = resolveConsumerOptions(options);
  }

  /** Starts reading every partition known now (a registry read error rejects), then keeps polling. */
  async start(): Promise<void> {
    await this.discover();
    this.every(this.options.discoveryIntervalMs, () => this.discover());
    if (this.options.metrics?.stageStatus) this.every(this.options.statusIntervalMs, () => this.reportStatus());
  }

  /** Graceful stop (SIGTERM): no new reads; each reader finishes and acks the batch in hand. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    await Promise.all([...this.readers.values()].map((r) => r.stop()));
  }

  /** Partitions being read. */
  get scopes(): PartitionRef[] {
    return [...this.readers.values()].map((r) => r.scope);
  }

  /** Polls the registry now and starts readers for partitions not read yet. */
  async discover(): Promise<void> {
    for (const scope of await this.partitions.list()) {
      const member = partitionMember(scope);
      if (this.stopping || this.readers.has(member)) continue;
      const reader = new PartitionReader(this.redis, this.keys, scope, this.handler, this.options);
      this.readers.set(member, reader);
      reader.start();
      this.log('info', 'reading partition', { tenant: scope.tenant, partition: scope.partition });
    }
  }

  private async reportStatus(): Promise<void> {
    for (const scope of this.scopes) {
      const status = await readStageStatus(this.redis, this.keys, scope, this.options.stage);
      this.options.metrics?.stageStatus?.(scope, status);
    }
  }

  /** A self-rescheduling timer (runs never overlap) that logs failures rather than throwing them. */
  private every(intervalMs: number, task: () => Promise<void>): void {
    const schedule = () => {
      const timer = setTimeout(async () => {
        this.timers.delete(timer);
        try {
          await task();
        } catch (error) {
          this.log('warn', 'stream consumer background task failed', { error: (error as Error).message });
        }
        if (!this.stopping) schedule();
      }, intervalMs);
      timer.unref();
      this.timers.add(timer);
    };
    schedule();
  }

  private log(level: 'info' | 'warn', msg: string, fields: Record<string, unknown>): void {
    const { stage, consumer } = this.options;
    this.options.logger?.write(level, msg, { stage: stage.stage, group: stage.group, consumer, ...fields });
  }
}
