import { PartitionRef } from '@cg/domain';
import { EntryOutcomes } from './entry-outcomes';
import { ResolvedConsumerOptions, StreamEntry, StreamHandler } from './types';

/**
 * Runs the handler on a batch and settles every entry: the whole batch is acked when the handler
 * succeeds; otherwise each entry is retried alone so one poison entry fails on its own. A failed
 * entry stays pending (re-claimed after `claimIdleMs`) until it has failed `maxRetries` times.
 */
export class BatchProcessor {
  constructor(
    private readonly scope: PartitionRef,
    private readonly handler: StreamHandler,
    private readonly outcomes: EntryOutcomes,
    private readonly options: ResolvedConsumerOptions,
  ) {}

  async process(entries: StreamEntry[]): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      let batchError: unknown;
      try {
        await this.handler.handle(this.scope, entries);
      } catch (error) {
        batchError = error;
      }
      // Ack errors (Redis down) propagate: the entries stay pending and are re-claimed later.
      if (batchError === undefined) {
        await this.outcomes.ack(entries.map((e) => e.id));
        this.options.metrics?.processed(entries.length);
        return;
      }
      if (entries.length > 1) {
        this.log('warn', 'batch failed; retrying its entries one at a time', { entries: entries.length, error: message(batchError) });
        for (const entry of entries) await this.processOne(entry);
      } else {
        await this.settleFailure(entries[0], batchError);
      }
    } finally {
      this.options.metrics?.observeBatch(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async processOne(entry: StreamEntry): Promise<void> {
    try {
      await this.handler.handle(this.scope, [entry]);
    } catch (error) {
      return this.settleFailure(entry, error);
    }
    await this.outcomes.ack([entry.id]);
    this.options.metrics?.processed(1);
  }

  private async settleFailure(entry: StreamEntry, error: unknown): Promise<void> {
    const outcome = await this.outcomes.fail(entry, error);
    this.options.metrics?.failed(1);
    if (outcome === 'dead-lettered') {
      this.options.metrics?.deadLettered(1);
      this.log('error', 'entry dead-lettered', { entry_id: entry.id, error: message(error) });
    } else {
      this.log('warn', 'entry failed; left pending for a retry', { entry_id: entry.id, error: message(error) });
    }
  }

  private log(level: 'warn' | 'error', msg: string, fields: Record<string, unknown>): void {
    const { stage, consumer } = this.options;
    this.options.logger?.write(level, msg, {
      stage: stage.stage, group: stage.group, consumer, tenant: this.scope.tenant, partition: this.scope.partition, ...fields,
    });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
