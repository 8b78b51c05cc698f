import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';
import { PipelineStatus } from './pipeline-status.use-case';

const row = (scope: PartitionRef, stage: StageDefinition, lag: number): StageStatus => ({
  stage: stage.stage, stream: stage.stream, group: stage.group, lag, pending: 0, dead_lettered: 0, last_delivered_id: `${scope.partition}-0`, seconds_behind: 0,
});

describe('PipelineStatus', () => {
  it('reads every stage of every partition of the tenant', async () => {
    const seen: string[] = [];
    const status = new PipelineStatus(async (scope, stage) => {
      seen.push(`${scope.tenant}:${scope.partition}:${stage.stage}`);
      return row(scope, stage, 0);
    }, { partitions: 3 });
    const view = await status.execute('acme');
    expect(seen).toEqual([0, 1, 2].flatMap((p) => [`acme:${p}:projection`, `acme:${p}:enrichment`, `acme:${p}:consolidation`]));
    expect(view.drained).toBe(true);
    expect(view.stages).toHaveLength(9);
  });

  it('is not drained while any partition lags', async () => {
    const status = new PipelineStatus(async (scope, stage) => row(scope, stage, scope.partition === 1 ? 5 : 0), { partitions: 2 });
    expect((await status.execute('acme')).drained).toBe(false);
  });
});
