import { Registry } from 'prom-client';
import { StageMetrics } from './stage-metrics';

describe('StageMetrics', () => {
  it('exposes batch durations, entry counters and per-partition lag gauges', async () => {
    const registry = new Registry();
    const metrics = new StageMetrics(registry, 'projection');
    metrics.observeBatch(0.02);
    metrics.processed(10);
    metrics.failed(2);
    metrics.deadLettered(1);
    metrics.stageStatus({ tenant: 'default', partition: 0 }, { lag: 3, pending: 1, dead_lettered: 1, seconds_behind: 4.5 });
    const text = await registry.metrics();
    expect(text).toContain('cg_stage_batch_duration_seconds_count{stage="projection"} 1');
    expect(text).toContain('cg_stage_entries_processed_total{stage="projection"} 10');
    expect(text).toContain('cg_stage_entries_failed_total{stage="projection"} 2');
    expect(text).toContain('cg_stage_entries_dead_lettered_total{stage="projection"} 1');
    expect(text).toContain('cg_stage_lag_seconds{stage="projection",tenant="default",partition="0"} 4.5');
    expect(text).toContain('cg_stage_undelivered_entries{stage="projection",tenant="default",partition="0"} 3');
    expect(text).toContain('cg_stage_pending_entries{stage="projection",tenant="default",partition="0"} 1');
  });

  it('lets two stages share one registry', async () => {
    const registry = new Registry();
    new StageMetrics(registry, 'a').processed(1);
    new StageMetrics(registry, 'b').processed(2);
    const text = await registry.metrics();
    expect(text).toContain('cg_stage_entries_processed_total{stage="a"} 1');
    expect(text).toContain('cg_stage_entries_processed_total{stage="b"} 2');
  });
});
