import type Redis from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { BaseRpcContext, CustomTransportStrategy, Server, WritePacket } from '@nestjs/microservices';
import { blockingConnection, delay, ensureGroup, execOrThrow, KeySpace, parseEntries, ParsedEntries, RawEntry, runReadLoop, StreamEntry, StreamLogger } from '@cg/redis';
import { parseRequest, REPLY_TTL_MS, RpcRequest } from './protocol';

export interface RedisStreamRpcServerOptions {
  /** Command connection (acks, replies); duplicated for the blocking read; not closed by the server. */
  redis: Redis;
  keys: KeySpace;
  /** Requests come from stream `keys.rpc(channel)`, read by the consumer group named `channel`. */
  channel: string;
  /** Consumer name within the group; unique per replica and stable across its restarts. */
  consumer: string;
  /** Requests handled at once; a replica reads no more than it has room for, leaving the rest to others. */
  concurrency?: number;
  blockMs?: number;
  /**
   * Entries pending this long (their replica died) are claimed. Keep it above every caller's timeout:
   * a claimed request is then always past its deadline and only acked, never answered twice.
   */
  claimIdleMs?: number;
  errorBackoffMs?: number;
  logger?: StreamLogger;
}

const DEFAULTS = { concurrency: 4, blockMs: 2_000, claimIdleMs: 30_000, errorBackoffMs: 1_000 };
/** How often close() re-sends CLIENT UNBLOCK, in case it overtook the read it meant to cut short. */
const UNBLOCK_RETRY_MS = 50;

type ReadReply = [string, RawEntry[]][] | null;

/**
 * A Nest microservice transport over a Redis Stream consumer group: each request entry is delivered
 * to exactly one replica, dispatched to its `@MessagePattern` handler, and the reply (or error) is
 * pushed to the request's reply list before the entry is acked.
 */
export class RedisStreamRpcServer extends Server implements CustomTransportStrategy {
  private readonly options: Required<Omit<RedisStreamRpcServerOptions, 'logger'>> & Pick<RedisStreamRpcServerOptions, 'logger'>;
  private readonly streamKey: string;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private conn: Redis | undefined;
  private clientId: number | undefined;
  private blocked = false;
  private stopping = false;
  private groupReady = false;
  private claimCursor = '0-0';
  private nextClaimAt = 0;
  private loop: Promise<void> = Promise.resolve();
  private closed: Promise<void> | undefined;

  constructor(options: RedisStreamRpcServerOptions) {
    super();
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULTS, ...defined } as RedisStreamRpcServer['options'];
    this.streamKey = options.keys.rpc(options.channel);
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  /** Connects the reader and creates the group (a failure rejects Nest's `listen()`), then starts reading. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    const { redis, consumer, channel, blockMs } = this.options;
    const conn = blockingConnection(redis, blockMs, `${consumer}:rpc:${channel}`);
    // Connection errors surface as failed reads, which the loop logs and backs off from.
    conn.on('error', () => undefined);
    // A reconnect gets a new client id; look it up again before the next blocking read.
    conn.on('ready', () => (this.clientId = undefined));
    try {
      await conn.connect();
      await ensureGroup(redis, this.streamKey, channel);
    } catch (error) {
      conn.disconnect();
      return callback(error);
    }
    this.conn = conn;
    this.groupReady = true;
    this.loop = this.run();
    callback();
  }

  /** Stops reading, lets the requests in hand be answered and acked, then closes the reader. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  on(): never {
    throw new Error('RedisStreamRpcServer emits no events');
  }

  unwrap<T>(): T {
    return this.conn as T;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    let finished = false;
    const done = this.loop.then(() => (finished = true));
    while (!finished) {
      if (this.blocked && this.clientId !== undefined) {
        await this.options.redis.call('CLIENT', 'UNBLOCK', String(this.clientId)).catch(() => undefined);
      }
      await Promise.race([done, delay(UNBLOCK_RETRY_MS)]);
    }
    await Promise.all(this.inFlight);
    await this.conn?.quit().catch(() => this.conn?.disconnect());
  }

  private run(): Promise<void> {
    return runReadLoop({
      stopping: () => this.stopping,
      turn: () => this.turn(),
      onError: (error) => {
        if (error.includes('NOGROUP')) this.groupReady = false;
        this.log('warn', 'rpc stream read failed; retrying', { error });
      },
      backoffMs: this.options.errorBackoffMs,
      signal: this.abort.signal,
    });
  }

  private async turn(): Promise<void> {
    const room = this.options.concurrency - this.inFlight.size;
    if (room <= 0) {
      await Promise.race(this.inFlight);
      return;
    }
    if (!this.groupReady) {
      await ensureGroup(this.options.redis, this.streamKey, this.options.channel);
      this.groupReady = true;
    }
    const { entries, deleted } = Date.now() >= this.nextClaimAt ? await this.claimIdle(room) : await this.readNew(room);
    // Pending ids whose entries were trimmed: nothing left to answer, just settle them.
    if (deleted.length) await this.options.redis.xack(this.streamKey, this.options.channel, ...deleted);
    for (const entry of entries) {
      const answered: Promise<void> = this.answer(entry).finally(() => this.inFlight.delete(answered));
      this.inFlight.add(answered);
    }
  }

  private async claimIdle(count: number): Promise<ParsedEntries> {
    const { channel, consumer, claimIdleMs } = this.options;
    const [next, raw, deleted = []] = (await this.conn!.call(
      'XAUTOCLAIM', this.streamKey, channel, consumer, claimIdleMs, this.claimCursor, 'COUNT', count,
    )) as [string, RawEntry[], string[]?];
    this.claimCursor = next;
    if (next === '0-0') this.nextClaimAt = Date.now() + Math.max(1, Math.floor(claimIdleMs / 2));
    const parsed = parseEntries(raw);
    parsed.deleted.push(...deleted);
    return parsed;
  }

  private async readNew(count: number): Promise<ParsedEntries> {
    const { channel, consumer, blockMs } = this.options;
    // Wake up in time for the next claim round.
    const block = Math.max(1, Math.min(blockMs, this.nextClaimAt - Date.now()));
    if (this.clientId === undefined) this.clientId = Number(await this.conn!.client('ID'));
    this.blocked = true;
    try {
      if (this.stopping) return { entries: [], deleted: [] };
      const reply = (await this.conn!.call(
        'XREADGROUP', 'GROUP', channel, consumer, 'COUNT', count, 'BLOCK', block, 'STREAMS', this.streamKey, '>',
      )) as ReadReply;
      return parseEntries(reply?.[0]?.[1] ?? []);
    } finally {
      this.blocked = false;
    }
  }

  /** Never rejects: a request whose reply or ack failed stays pending, and the idle claim settles it. */
  private async answer(entry: StreamEntry): Promise<void> {
    try {
      const request = parseRequest(entry.fields, this.streamKey);
      if (!request) this.log('warn', 'malformed rpc request dropped', { entry: entry.id });
      else if (Date.now() > request.deadlineMs) this.log('debug', 'rpc request past its deadline skipped', { entry: entry.id });
      else await this.reply(request, await this.dispatch(request, entry.id));
      await this.options.redis.xack(this.streamKey, this.options.channel, entry.id);
    } catch (error) {
      this.log('warn', 'rpc request not settled', { entry: entry.id, error: (error as Error).message });
    }
  }

  private async dispatch(request: RpcRequest, entryId: string): Promise<WritePacket> {
    try {
      const packet = await this.deserializer.deserialize(
        { id: request.id, pattern: request.pattern, data: JSON.parse(request.data) }, { channel: this.streamKey },
      );
      const handler = this.getHandlerByPattern(packet.pattern);
      if (!handler) return { err: `There is no message handler for pattern ${packet.pattern}` };
      const result = await handler(packet.data, new BaseRpcContext([this.streamKey, entryId]));
      return { response: await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined }) };
    } catch (error) {
      // Nest's RPC exception filter hands over plain objects; a bare Error would serialize to {}.
      return { err: error instanceof Error ? { name: error.name, message: error.message } : error };
    }
  }

  private async reply(request: RpcRequest, packet: WritePacket): Promise<void> {
    const outgoing = this.serializer.serialize({ ...packet, id: request.id, isDisposed: true });
    await execOrThrow(this.options.redis.multi().lpush(request.replyKey, JSON.stringify(outgoing)).pexpire(request.replyKey, REPLY_TTL_MS));
  }

  private log(level: 'debug' | 'warn', msg: string, fields: Record<string, unknown>): void {
    const { channel, consumer } = this.options;
    this.options.logger?.write(level, msg, { channel, consumer, ...fields });
  }
}
