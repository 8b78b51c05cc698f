import Redis from 'ioredis';
import { PartitionRef } from '@cg/domain';
import { blockingConnection, COMMAND_TIMED_OUT } from '../connection';
import { KeySpace, partitionMember } from '../keys';
import { BatchProcessor } from './batch-processor';
import { ensureGroup } from './consumer-group';
import { delay } from './delay';
import { runReadLoop } from './read-loop';
import { EntryOutcomes } from './entry-outcomes';
import { parseEntries, ParsedEntries, RawEntry } from './entries';
import { ResolvedConsumerOptions, StreamHandler } from './types';

/** How often stop() re-sends CLIENT UNBLOCK, in case it overtook the read it meant to cut short. */
const UNBLOCK_RETRY_MS = 50;

type ReadReply = [string, RawEntry[]][] | null;

/**
 * The read loop of one partition's stream. It has its own connection, so a blocking XREADGROUP
 * never stalls other commands, and reads one key per call (cluster-safe). Each turn does one of:
 * recover entries pending under this consumer name (left by an earlier run, or served to a read
 * that timed out), re-claim idle entries (dead consumers, earlier failures), or read new ones.
 */
export class PartitionReader {
  private readonly conn: Redis;
  private readonly streamKey: string;
  private readonly outcomes: EntryOutcomes;
  private readonly batches: BatchProcessor;
  private readonly abort = new AbortController();
  private readonly claimIntervalMs: number;
  private stopping = false;
  private blocked = false;
  private clientId: number | undefined;
  private groupReady = false;
  private recoverCursor: string | null = '0';
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  private loop: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    keys: KeySpace,
    readonly scope: PartitionRef,
    handler: StreamHandler,
    private readonly options: ResolvedConsumerOptions,
  ) {
    const k = keys.of(scope);
    const { stage, consumer, maxRetries } = options;
    this.streamKey = k.stream(stage.stream);
    this.outcomes = new EntryOutcomes(redis, k, stage.stream, stage.group, consumer, maxRetries);
    this.batches = new BatchProcessor(scope, handler, this.outcomes, options);
    this.claimIntervalMs = Math.max(1, Math.floor(options.claimIdleMs / 2));
    this.conn = blockingConnection(redis, options.blockMs, `${consumer}:${stage.group}:${partitionMember(scope)}`);
    // A reconnect gets a new client id; look it up again before the next blocking read.
    this.conn.on('ready', () => (this.clientId = undefined));
    // Connection errors surface as failed reads, which the loop logs and backs off from.
    this.conn.on('error', () => undefined);
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops reading, lets the batch in hand finish and be acked, then closes the connection. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    let finished = false;
    const done = this.loop.then(() => (finished = true));
    while (!finished) {
      if (this.blocked && this.clientId !== undefined) {
        await this.redis.call('CLIENT', 'UNBLOCK', String(this.clientId)).catch(() => undefined);
      }
      await Promise.race([done, delay(UNBLOCK_RETRY_MS)]);
    }
    await this.conn.quit().catch(() => this.conn.disconnect());
  }

  private run(): Promise<void> {
    return runReadLoop({
      stopping: () => this.stopping,
      turn: () => this.turn(),
      onError: (error) => {
        if (error.includes('NOGROUP')) this.groupReady = false;
        // A read we gave up on may still be served once Redis answers again (it was only slow or
        // frozen): its entries would then sit pending under our name, unseen until re-claimed.
        if (error.includes(COMMAND_TIMED_OUT)) this.recoverCursor = '0';
        this.log('warn', 'stream read failed; retrying', { error });
      },
      backoffMs: this.options.errorBackoffMs,
      signal: this.abort.signal,
    });
  }

  private async turn(): Promise<void> {
    if (this.conn.status === 'wait') await this.conn.connect();
    if (!this.groupReady) {
      await ensureGroup(this.redis, this.streamKey, this.options.stage.group);
      this.groupReady = true;
    }
    if (this.recoverCursor !== null) return this.recoverOwnPending(this.recoverCursor);
    if (Date.now() >= this.nextClaimAt) return this.claimIdle();
    return this.readNew();
  }

  /** Entries pending under this consumer name (an earlier run's, or a timed-out read's): ours, so no need to wait out the idle time. */
  private async recoverOwnPending(after: string): Promise<void> {
    const { group } = this.options.stage;
    const reply = (await this.conn.call(
      'XREADGROUP', 'GROUP', group, this.options.consumer, 'COUNT', this.options.batchSize, 'STREAMS', this.streamKey, after,
    )) as ReadReply;
    const raw = reply?.[0]?.[1] ?? [];
    this.recoverCursor = raw.length ? raw[raw.length - 1][0] : null;
    await this.deliver(parseEntries(raw));
  }

  private async claimIdle(): Promise<void> {
    const { stage, consumer, claimIdleMs, batchSize } = this.options;
    const [next, raw, deleted = []] = (await this.conn.call(
      'XAUTOCLAIM', this.streamKey, stage.group, consumer, claimIdleMs, this.claimCursor, 'COUNT', batchSize,
    )) as [string, RawEntry[], string[]?];
    this.claimCursor = next;
    if (next === '0-0') this.nextClaimAt = Date.now() + this.claimIntervalMs;
    const parsed = parseEntries(raw);
    parsed.deleted.push(...deleted);
    if (parsed.entries.length) this.log('info', 'claimed idle entries', { entries: parsed.entries.length });
    await this.deliver(parsed);
  }

  private async readNew(): Promise<void> {
    const { stage, consumer, batchSize, blockMs } = this.options;
    // Wake up in time for the next claim round.
    const block = Math.max(1, Math.min(blockMs, this.nextClaimAt - Date.now()));
    if (this.clientId === undefined) this.clientId = Number(await this.conn.client('ID'));
    this.blocked = true;
    let reply: ReadReply;
    try {
      if (this.stopping) return;
      reply = (await this.conn.call(
        'XREADGROUP', 'GROUP', stage.group, consumer, 'COUNT', batchSize, 'BLOCK', block, 'STREAMS', this.streamKey, '>',
      )) as ReadReply;
    } finally {
      this.blocked = false;
    }
    await this.deliver(parseEntries(reply?.[0]?.[1] ?? []));
  }

  private async deliver({ entries, deleted }: ParsedEntries): Promise<void> {
    // Pending ids whose entries were trimmed: nothing to process, just settle them.
    if (deleted.length) await this.outcomes.ack(deleted);
    if (entries.length) await this.batches.process(entries);
  }

  private log(level: 'info' | 'warn', msg: string, fields: Record<string, unknown>): void {
    const { stage, consumer } = this.options;
    this.options.logger?.write(level, msg, {
      stage: stage.stage, group: stage.group, consumer, tenant: this.scope.tenant, partition: this.scope.partition, ...fields,
    });
  }
}
