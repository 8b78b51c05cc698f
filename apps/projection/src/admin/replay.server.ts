import type Redis from 'ioredis';
import { PartitionRef, PROJECTED_STREAM, StageOutput } from '@cg/domain';
import {
  ADMIN_RPC_CLAIM_IDLE_MS, ADMIN_RPC_CONCURRENCY, checkAdminRequest, JsonLogger, refuse, REPLAY, REPLAY_CHANNEL, ReplayReply, ReplayRequest,
  RpcServerHost,
} from '@cg/platform';
import { KeySpace, RedisReplayStore } from '@cg/redis';
import { ProjectEventsUseCase } from '../project-events.use-case';

/** How long a replay's partition lock lives without renewal (renewed every third of it while the replay runs). */
export const REPLAY_LOCK_TTL_MS = 60_000;

export type ReplayStore = Pick<RedisReplayStore, 'summariesPastRetention' | 'wipeDerived' | 'retainedEventIds' | 'restoreSummaries' | 'lock' | 'renew' | 'unlock'>;

/**
 * `POST /v1/admin/replay`, served (SPEC §4 Replay): for each partition of the tenant, every derived
 * key is wiped (graph, vector and lexical indexes, consolidation state, snapshots — never the ledger,
 * the stage streams or their groups), then every retained event document is projected again in
 * `global_position` order through the projection use case, which hands the ids on to
 * `stream:projected`: enrichment and then consolidation rebuild the rest from there, asynchronously.
 * Answers once re-projection is done. Summaries that cover events past the retention ceiling (their
 * documents gone, so nothing could rebuild them) are kept as they are (SPEC §4) and handed to
 * enrichment again. One replay per partition at a time (a lock); a second one asked meanwhile is
 * answered `busy` and touches nothing.
 */
export class ReplayTenant {
  constructor(
    private readonly store: ReplayStore,
    private readonly projection: Pick<ProjectEventsUseCase, 'execute'>,
    private readonly output: StageOutput,
    private readonly logger: JsonLogger,
    private readonly batchSize: number,
  ) {}

  async execute(request: ReplayRequest): Promise<ReplayReply> {
    const reason = checkAdminRequest(request);
    if (reason) refuse(reason);
    const scopes: PartitionRef[] = [...new Set(request.partitions)].sort((a, b) => a - b).map((partition) => ({ tenant: request.tenant, partition }));
    const held: { scope: PartitionRef; token: string }[] = [];
    try {
      for (const scope of scopes) {
        const token = await this.store.lock(scope, REPLAY_LOCK_TTL_MS);
        if (!token) return { outcome: 'busy', partition: scope.partition };
        held.push({ scope, token });
      }
      const renewal = setInterval(() => {
        for (const { scope, token } of held) this.store.renew(scope, token, REPLAY_LOCK_TTL_MS).catch(() => undefined);
      }, Math.floor(REPLAY_LOCK_TTL_MS / 3));
      try {
        const total = { events_replayed: 0, keys_deleted: 0, summaries_kept: 0 };
        for (const scope of scopes) {
          const { deleted, replayed, kept } = await this.replayPartition(scope);
          total.keys_deleted += deleted;
          total.events_replayed += replayed;
          total.summaries_kept += kept;
        }
        return { outcome: 'done', partitions: scopes.length, ...total };
      } finally {
        clearInterval(renewal);
      }
    } finally {
      await Promise.all(held.map(({ scope, token }) => this.store.unlock(scope, token).catch(() => undefined)));
    }
  }

  private async replayPartition(scope: PartitionRef): Promise<{ deleted: number; replayed: number; kept: number }> {
    const started = Date.now();
    const kept = await this.store.summariesPastRetention(scope);
    const deleted = await this.store.wipeDerived(scope, kept);
    // Listed after the wipe: an event projected live while the wipe ran is in the ledger by then, so it is projected again here.
    const ids = await this.store.retainedEventIds(scope);
    let replayed = 0;
    for (let i = 0; i < ids.length; i += this.batchSize) {
      replayed += (await this.projection.execute(scope, ids.slice(i, i + this.batchSize))).projected.length;
    }
    await this.store.restoreSummaries(scope, kept);
    // Their entity references, vectors and lexical entries were wiped with the indexes: enrichment redoes them.
    await this.output.append(scope, PROJECTED_STREAM, kept.map((s) => s.id));
    this.logger.info('replay', {
      tenant: scope.tenant, partition: scope.partition, keys_deleted: deleted, events_replayed: replayed, summaries_kept: kept.length, ms: Date.now() - started,
    });
    return { deleted, replayed, kept: kept.length };
  }
}

/** Serves `admin.replay` on its channel beside the projection worker: one replica answers each request. */
export class ReplayServer extends RpcServerHost<ReplayRequest, ReplayReply> {
  constructor(redis: Redis, keys: KeySpace, consumer: string, replay: ReplayTenant, logger: JsonLogger) {
    super({
      redis, keys, consumer, logger, nestLogger: logger, channel: REPLAY_CHANNEL, pattern: REPLAY,
      concurrency: ADMIN_RPC_CONCURRENCY, claimIdleMs: ADMIN_RPC_CLAIM_IDLE_MS,
      handle: (request) => replay.execute(request),
    });
  }
}
