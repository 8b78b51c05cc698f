import type Redis from 'ioredis';
import { AgentScope, PartitionRef } from '@cg/domain';
import {
  ADMIN_RPC_CLAIM_IDLE_MS, ADMIN_RPC_CONCURRENCY, checkAdminRequest, JsonLogger, RECONSOLIDATE, RECONSOLIDATE_CHANNEL, ReconsolidateReply,
  ReconsolidateRequest, refuse, RpcServerHost, ScopeReconsolidation,
} from '@cg/platform';
import { KeySpace } from '@cg/redis';
import { ConsolidateUseCase, PassResult } from '../consolidate.use-case';
import { ConsolidationMetrics } from '../consolidation.metrics';

/** Where reconsolidation finds the agent scopes of a partition (the schedule walks the same set). */
export interface ScopeDirectory {
  agents(partition: PartitionRef): Promise<string[]>;
}

/**
 * `POST /v1/admin/reconsolidate`, served: one full consolidation pass (every session re-planned,
 * unchanged ones writing nothing) over the named agent scope, or over every agent scope of the
 * tenant's partitions — the schedule's pass, run now and answered per scope instead of logged.
 */
export class Reconsolidate {
  constructor(
    private readonly useCase: Pick<ConsolidateUseCase, 'consolidate'>,
    private readonly scopes: ScopeDirectory,
    private readonly logger: JsonLogger,
    private readonly metrics?: ConsolidationMetrics,
  ) {}

  async execute(request: ReconsolidateRequest): Promise<ReconsolidateReply> {
    const reason = checkAdminRequest(request);
    if (reason) refuse(reason);
    const results: ScopeReconsolidation[] = [];
    for (const partition of [...new Set(request.partitions)].sort((a, b) => a - b)) {
      const ref: PartitionRef = { tenant: request.tenant, partition };
      const agents = request.agent_id !== undefined ? [request.agent_id] : (await this.scopes.agents(ref)).sort();
      for (const agentId of agents) results.push(await this.pass({ ...ref, agentId }));
    }
    return { scopes: results };
  }

  private async pass(scope: AgentScope): Promise<ScopeReconsolidation> {
    const where = { tenant: scope.tenant, partition: scope.partition, agent_id: scope.agentId };
    try {
      const result = await this.useCase.consolidate(scope, 'schedule', { everySession: true });
      this.metrics?.pass('schedule', result);
      this.logger.info('reconsolidation pass', { ...where, outcome: result.outcome, sessions: result.sessions, summaries_written: result.written });
      return { ...where, ...passFields(result) };
    } catch (error) {
      this.metrics?.failed('schedule');
      const message = (error as Error).message;
      this.logger.warn('reconsolidation pass failed', { ...where, error: message });
      return { ...where, outcome: 'failed', error: message };
    }
  }
}

/** The pass result as it is, but for the scope (already said as tenant / partition / agent_id). */
function passFields(result: PassResult): Omit<PassResult, 'scope'> {
  const fields: Partial<PassResult> = { ...result };
  delete fields.scope;
  return fields as Omit<PassResult, 'scope'>;
}

/** Serves `admin.reconsolidate` on its channel beside the consolidation worker: one replica answers each request. */
export class ReconsolidateServer extends RpcServerHost<ReconsolidateRequest, ReconsolidateReply> {
  constructor(redis: Redis, keys: KeySpace, consumer: string, reconsolidate: Reconsolidate, logger: JsonLogger) {
    super({
      redis, keys, consumer, logger, nestLogger: logger, channel: RECONSOLIDATE_CHANNEL, pattern: RECONSOLIDATE,
      concurrency: ADMIN_RPC_CONCURRENCY, claimIdleMs: ADMIN_RPC_CLAIM_IDLE_MS,
      handle: (request) => reconsolidate.execute(request),
    });
  }
}
