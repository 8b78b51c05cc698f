import { Inject, Injectable, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import type Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { allPartitions, DomainError, partitionOf } from '@cg/domain';
import {
  RECONSOLIDATE, RECONSOLIDATE_CHANNEL, ReconsolidateReply, ReconsolidateRequest, RedisStreamRpcClient, REPLAY, REPLAY_CHANNEL, ReplayReply,
  ReplayRequest, RpcTimeoutError,
} from '@cg/platform';
import { KeySpace } from '@cg/redis';
import { ApiConfig } from '../config/api-config';
import { API_CONFIG, REDIS } from '../infra/tokens';

export type ReplayResult = Omit<Extract<ReplayReply, { outcome: 'done' }>, 'outcome'>;

/**
 * The admin operations (SPEC §2): the API writes each request to the owning stage's RPC stream
 * (reconsolidate → consolidation, replay → projection); one replica answers it. No answer within
 * ADMIN_RPC_TIMEOUT_MS → 503.
 */
@Injectable()
export class AdminRequests implements OnApplicationShutdown {
  private readonly reconsolidateRpc: RedisStreamRpcClient;
  private readonly replayRpc: RedisStreamRpcClient;

  constructor(@Inject(REDIS) redis: Redis, @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'keyPrefix' | 'partitions' | 'adminRpcTimeoutMs'>) {
    const keys = new KeySpace(config.keyPrefix);
    const options = { redis, keys, timeoutMs: config.adminRpcTimeoutMs, maxConnections: 4 };
    this.reconsolidateRpc = new RedisStreamRpcClient({ ...options, channel: RECONSOLIDATE_CHANNEL });
    this.replayRpc = new RedisStreamRpcClient({ ...options, channel: REPLAY_CHANNEL });
  }

  /** One agent scope (in the partition its agent id maps to) or every agent scope of every partition of the tenant. */
  reconsolidate(tenant: string, agentId?: string): Promise<ReconsolidateReply> {
    const partitions = agentId === undefined
      ? allPartitions(tenant, this.config.partitions).map((p) => p.partition)
      : [partitionOf(agentId, this.config.partitions)];
    const request: ReconsolidateRequest = { tenant, partitions, ...(agentId === undefined ? {} : { agent_id: agentId }) };
    return this.send<ReconsolidateReply>(this.reconsolidateRpc, RECONSOLIDATE, request, 'consolidation');
  }

  async replay(tenant: string): Promise<ReplayResult> {
    const request: ReplayRequest = { tenant, partitions: allPartitions(tenant, this.config.partitions).map((p) => p.partition) };
    const reply = await this.send<ReplayReply>(this.replayRpc, REPLAY, request, 'projection');
    if (reply.outcome === 'busy') throw new DomainError('conflict', `a replay of partition ${reply.partition} of this tenant is already running; retry once it is done`);
    return { partitions: reply.partitions, events_replayed: reply.events_replayed, keys_deleted: reply.keys_deleted, summaries_kept: reply.summaries_kept };
  }

  private async send<T>(rpc: RedisStreamRpcClient, pattern: string, request: object, stage: string): Promise<T> {
    try {
      return await firstValueFrom(rpc.send<T>(pattern, request));
    } catch (error) {
      if (error instanceof RpcTimeoutError) {
        throw new ServiceUnavailableException(`no ${stage} replica answered within ${this.config.adminRpcTimeoutMs} ms (is the ${stage} app running?)`);
      }
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.reconsolidateRpc.close(), this.replayRpc.close()]);
  }
}
