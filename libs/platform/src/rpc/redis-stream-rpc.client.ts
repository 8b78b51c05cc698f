import type Redis from 'ioredis';
import { ClientProxy, PacketId, ReadPacket, WritePacket } from '@nestjs/microservices';
import { KeySpace } from '@cg/redis';
import { BlockingPops } from './blocking-pops';
import { RpcRemoteError, RpcTimeoutError } from './errors';
import { replyKeyOf, REQUEST_RETENTION_MS, requestFields } from './protocol';

export interface RedisStreamRpcClientOptions {
  /** Command connection (requests, clean-up); duplicated for the blocking pops; not closed by the client. */
  redis: Redis;
  keys: KeySpace;
  /** Requests go to stream `keys.rpc(channel)`, answered by the consumer group named `channel`. */
  channel: string;
  /** How long `send()` waits for the reply before failing with an RpcTimeoutError. */
  timeoutMs: number;
  /** Replies awaited at once, one connection each; more requests queue within their own timeout. */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 16;

/**
 * The calling side of the Redis Stream RPC transport: `send(pattern, data)` appends the request to
 * the channel's stream and pops the reply from a per-request list, failing with RpcTimeoutError
 * once `timeoutMs` has passed (RpcRemoteError when the handler failed). Request/response only.
 */
export class RedisStreamRpcClient extends ClientProxy {
  private readonly streamKey: string;
  private readonly pops: BlockingPops;

  constructor(private readonly options: RedisStreamRpcClientOptions) {
    super();
    this.streamKey = options.keys.rpc(options.channel);
    const max = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.pops = new BlockingPops(options.redis, max, `rpc-client:${options.channel}`, options.timeoutMs);
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  /** Nothing to open up front: reply connections are opened on demand and pooled. */
  async connect(): Promise<void> {}

  close(): Promise<void> {
    return this.pops.close();
  }

  unwrap<T>(): T {
    return this.options.redis as T;
  }

  protected dispatchEvent(): Promise<never> {
    return Promise.reject(new Error('RedisStreamRpcClient supports send() only: every request expects one reply'));
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const cancel = new AbortController();
    let settled = false;
    this.request(this.assignPacketId(packet), cancel.signal).then(
      (reply) => callback(reply),
      (err: unknown) => callback({ err }),
    ).finally(() => (settled = true));
    // An unsubscribe before the reply frees the waiting connection at once.
    return () => settled || cancel.abort();
  }

  private async request(packet: ReadPacket & PacketId, signal: AbortSignal): Promise<WritePacket> {
    const { timeoutMs, redis } = this.options;
    const deadlineMs = Date.now() + timeoutMs;
    const pattern = this.normalizePattern(packet.pattern);
    const replyKey = replyKeyOf(this.streamKey, packet.id);
    const outgoing = this.serializer.serialize(packet) as ReadPacket & PacketId;
    let raw: string | null = null;
    try {
      const fields = requestFields({ id: outgoing.id, pattern, data: JSON.stringify(outgoing.data), replyKey, deadlineMs });
      // Trims by age: requests this old are past every caller's deadline.
      await redis.xadd(this.streamKey, 'MINID', '~', String(Date.now() - REQUEST_RETENTION_MS), '*', ...fields);
      raw = await this.pops.pop(replyKey, deadlineMs, signal);
    } finally {
      // A reply that arrives after we gave up expires on its own; one already there goes now.
      if (raw === null) await redis.del(replyKey).catch(() => undefined);
    }
    if (raw === null) throw new RpcTimeoutError(pattern, timeoutMs);
    const reply = (await this.deserializer.deserialize(JSON.parse(raw))) as WritePacket;
    return reply.err === undefined || reply.err === null ? reply : { err: new RpcRemoteError(pattern, reply.err) };
  }
}
