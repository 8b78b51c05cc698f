import { Counter, Registry } from '@cg/platform';
import { PassResult, PassTrigger, RetentionResult } from './consolidate.use-case';

/** cg_consolidation_*: passes by trigger and outcome, summaries written or left unchanged, events counted. */
export class ConsolidationMetrics {
  readonly counted: Counter<string>;
  private readonly passes: Counter<'trigger' | 'outcome'>;
  private readonly summaries: Counter<'outcome'>;
  private readonly pruned: Counter<'tier'>;
  private readonly similarDropped: Counter<string>;
  private readonly trimmed: Counter<string>;
  private readonly expired: Counter<string>;

  constructor(registry: Registry) {
    this.counted = new Counter({ name: 'cg_consolidation_events_counted_total', help: 'Enriched events counted toward reflection', registers: [registry] });
    this.passes = new Counter({
      name: 'cg_consolidation_passes_total', help: 'Consolidation passes by trigger (reflection, schedule) and outcome (done, locked, lock-lost, failed)',
      labelNames: ['trigger', 'outcome'], registers: [registry],
    });
    this.summaries = new Counter({
      name: 'cg_consolidation_summaries_total', help: 'Summaries a pass wrote, or found unchanged', labelNames: ['outcome'], registers: [registry],
    });
    this.pruned = new Counter({ name: 'cg_forgetting_pruned_nodes_total', help: 'Event nodes forgetting took out of the graph, by tier', labelNames: ['tier'], registers: [registry] });
    this.similarDropped = new Counter({ name: 'cg_forgetting_similar_edges_dropped_total', help: 'Weak SIMILAR_TO edges forgetting dropped', registers: [registry] });
    this.trimmed = new Counter({ name: 'cg_retention_stream_entries_trimmed_total', help: 'Stage-stream entries trimmed past the hot window', registers: [registry] });
    this.expired = new Counter({ name: 'cg_retention_documents_expired_total', help: 'Event documents expired at the retention ceiling', registers: [registry] });
  }

  pass(trigger: PassTrigger, result: PassResult): void {
    this.passes.inc({ trigger, outcome: result.outcome });
    this.summaries.inc({ outcome: 'written' }, result.written);
    this.summaries.inc({ outcome: 'unchanged' }, result.unchanged);
    if (!result.forgotten) return;
    this.pruned.inc({ tier: 'cold' }, result.forgotten.pruned.cold);
    this.pruned.inc({ tier: 'archive' }, result.forgotten.pruned.archive);
    this.similarDropped.inc(result.forgotten.similarDropped);
  }

  retained(result: RetentionResult): void {
    this.trimmed.inc(result.streams.reduce((sum, s) => sum + s.trimmed, 0));
    this.expired.inc(result.documentsExpired);
  }

  failed(trigger: PassTrigger): void {
    this.passes.inc({ trigger, outcome: 'failed' });
  }
}
