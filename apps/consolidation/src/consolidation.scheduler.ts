import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { PartitionRef, ReflectionAccumulator, STAGES } from '@cg/domain';
import { JsonLogger } from '@cg/platform';
import { ConsolidateUseCase } from './consolidate.use-case';
import { retentionSummary, summaryOf } from './consolidation.handler';
import { ConsolidationMetrics } from './consolidation.metrics';

/**
 * The periodic re-consolidation (SPEC §9, default every 6 h): a full pass over every agent scope of
 * every partition consolidation has counted events for. Runs never overlap in one process; across
 * replicas the scope lock keeps one pass per scope at a time. 0 turns it off. On shutdown it stops
 * between scopes and waits for the pass in hand.
 */
export class ConsolidationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly useCase: ConsolidateUseCase,
    private readonly accumulator: Pick<ReflectionAccumulator, 'agents'>,
    private readonly partitions: () => Promise<PartitionRef[]>,
    private readonly intervalMs: number,
    private readonly logger: JsonLogger,
    private readonly metrics: ConsolidationMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) {
      this.logger.info('scheduled consolidation is off (CONSOLIDATION_INTERVAL_MS=0)');
      return;
    }
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.runOnce().finally(() => { this.running = undefined; });
    }, this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One full pass over every known agent scope; a failing scope is logged and the others still run. */
  async runOnce(): Promise<void> {
    for (const partition of await this.partitions().catch(() => [])) {
      for (const agentId of await this.accumulator.agents(partition).catch(() => [])) {
        if (this.stopping) return;
        const scope = { ...partition, agentId };
        try {
          const result = await this.useCase.consolidate(scope, 'schedule');
          this.metrics.pass('schedule', result);
          if (result.outcome !== 'locked') this.logger.info('scheduled pass', { tenant: scope.tenant, partition: scope.partition, agent_id: agentId, ...summaryOf(result) });
        } catch (error) {
          this.metrics.failed('schedule');
          this.logger.warn('scheduled pass failed', { tenant: scope.tenant, partition: scope.partition, agent_id: agentId, error: (error as Error).message });
        }
      }
      if (!this.stopping) await this.retain(partition);
    }
  }

  /** Ledger retention of a partition after its scopes: stage streams trimmed, documents past the ceiling expired. */
  private async retain(partition: PartitionRef): Promise<void> {
    try {
      const result = await this.useCase.retain(partition, STAGES);
      this.metrics.retained(result);
      this.logger.info('ledger retention', { tenant: partition.tenant, partition: partition.partition, ...retentionSummary(result) });
    } catch (error) {
      this.logger.warn('ledger retention failed', { tenant: partition.tenant, partition: partition.partition, error: (error as Error).message });
    }
  }
}
