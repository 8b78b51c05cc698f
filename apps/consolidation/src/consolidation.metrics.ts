import { Counter, Registry } from '@cg/platform';
import { PassResult, PassTrigger } from './consolidate.use-case';

/** cg_consolidation_*: passes by trigger and outcome, summaries written or left unchanged, events counted. */
export class ConsolidationMetrics {
  readonly counted: Counter<string>;
  private readonly passes: Counter<'trigger' | 'outcome'>;
  private readonly summaries: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.counted = new Counter({ name: 'cg_consolidation_events_counted_total', help: 'Enriched events counted toward reflection', registers: [registry] });
    this.passes = new Counter({
      name: 'cg_consolidation_passes_total', help: 'Consolidation passes by trigger (reflection, schedule) and outcome (done, locked, lock-lost, failed)',
      labelNames: ['trigger', 'outcome'], registers: [registry],
    });
    this.summaries = new Counter({
      name: 'cg_consolidation_summaries_total', help: 'Summaries a pass wrote, or found unchanged', labelNames: ['outcome'], registers: [registry],
    });
  }

  pass(trigger: PassTrigger, result: PassResult): void {
    this.passes.inc({ trigger, outcome: result.outcome });
    this.summaries.inc({ outcome: 'written' }, result.written);
    this.summaries.inc({ outcome: 'unchanged' }, result.unchanged);
  }

  failed(trigger: PassTrigger): void {
    this.passes.inc({ trigger, outcome: 'failed' });
  }
}
