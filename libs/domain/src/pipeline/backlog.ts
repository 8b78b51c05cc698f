import { StageStatus } from './stages';

/** What a stage has not finished (SPEC §7): entries not yet delivered to its group plus those delivered but not acknowledged. */
export function stageBacklog(status: StageStatus): number {
  return status.lag + status.pending;
}

/** The stage of one partition furthest behind, and its backlog. */
export interface LargestBacklog {
  stage: string;
  entries: number;
}

/** The largest backlog among a partition's stages (what ingest backpressure compares with its limit, SPEC §10). */
export function largestBacklog(stages: StageStatus[]): LargestBacklog {
  return stages.reduce<LargestBacklog>(
    (largest, status) => stageBacklog(status) > largest.entries ? { stage: status.stage, entries: stageBacklog(status) } : largest,
    { stage: stages[0]?.stage ?? '', entries: 0 },
  );
}
