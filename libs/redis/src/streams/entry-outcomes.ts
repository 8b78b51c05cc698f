import Redis from 'ioredis';
import { PartitionKeys } from '../keys';
import { execOrThrow } from './transaction';
import { StreamEntry } from './types';

export type FailureOutcome = 'retry' | 'dead-lettered';

/** Longest error message kept in a dead letter; a stack-sized message would bloat the DLQ. */
const MAX_ERROR_LENGTH = 2_000;

/**
 * Acknowledgement and failure bookkeeping of one stream/group in one partition. Failure counts
 * live in Redis (not in memory) so retries survive restarts and are shared by every replica; all
 * keys share the partition's hash tag, so each MULTI stays in one slot.
 */
export class EntryOutcomes {
  private readonly streamKey: string;
  private readonly failuresKey: string;
  private readonly deadLetterKey: string;

  constructor(
    private readonly redis: Redis,
    keys: PartitionKeys,
    stream: string,
    private readonly group: string,
    private readonly consumer: string,
    private readonly maxRetries: number,
  ) {
    this.streamKey = keys.stream(stream);
    this.failuresKey = keys.failures(stream);
    this.deadLetterKey = keys.deadLetters(stream);
  }

  /** Acks the entries and forgets their failure counts in one transaction. */
  async ack(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await execOrThrow(
      this.redis.multi().xack(this.streamKey, this.group, ...ids).hdel(this.failuresKey, ...ids.map((id) => this.field(id))),
    );
  }

  /** Counts a failure; at `maxRetries` the entry moves to the dead-letter stream and is acked. */
  async fail(entry: StreamEntry, error: unknown): Promise<FailureOutcome> {
    const failures = await this.redis.hincrby(this.failuresKey, this.field(entry.id), 1);
    if (failures < this.maxRetries) return 'retry';
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    await execOrThrow(
      this.redis
        .multi()
        .xadd(this.deadLetterKey, '*',
          'original_id', entry.id, 'stream', this.streamKey, 'group', this.group, 'consumer', this.consumer,
          'error', message, 'failures', String(failures), 'fields', JSON.stringify(entry.fields))
        .xack(this.streamKey, this.group, entry.id)
        .hdel(this.failuresKey, this.field(entry.id)),
    );
    return 'dead-lettered';
  }

  private field(id: string): string {
    return `${this.group}|${id}`;
  }
}
