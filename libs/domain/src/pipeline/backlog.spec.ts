import { largestBacklog, stageBacklog } from './backlog';
import { StageStatus } from './stages';

const status = (stage: string, lag: number, pending: number): StageStatus => ({
  stage, stream: `stream:${stage}`, group: stage, lag, pending, dead_lettered: 7, last_delivered_id: '0-0', seconds_behind: 0,
});

describe('backlog', () => {
  it('counts what is undelivered and what is delivered but unacknowledged, never dead letters', () => {
    expect(stageBacklog(status('projection', 3, 2))).toBe(5);
  });

  it('names the stage furthest behind; at rest every backlog is 0', () => {
    expect(largestBacklog([status('projection', 3, 2), status('enrichment', 0, 9), status('consolidation', 1, 0)])).toEqual({ stage: 'enrichment', entries: 9 });
    expect(largestBacklog([status('projection', 0, 0), status('enrichment', 0, 0)])).toEqual({ stage: 'projection', entries: 0 });
  });
});
