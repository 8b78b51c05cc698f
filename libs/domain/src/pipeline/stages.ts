/** A pipeline stage: the consumer group that reads one logical stream of each partition. */
export interface StageDefinition {
  stage: string;
  /** Logical stream name; the Redis key adds the prefix and the partition's hash tag. */
  stream: string;
  group: string;
}

export const LEDGER_STREAM = 'ledger';
export const PROJECTED_STREAM = 'stream:projected';
export const ENRICHED_STREAM = 'stream:enriched';

export const PROJECTION_STAGE: StageDefinition = { stage: 'projection', stream: LEDGER_STREAM, group: 'graph-projection' };

export const ENRICHMENT_STAGE: StageDefinition = { stage: 'enrichment', stream: PROJECTED_STREAM, group: 'enrichment' };

export const CONSOLIDATION_STAGE: StageDefinition = { stage: 'consolidation', stream: ENRICHED_STREAM, group: 'consolidation' };

/** Every stage, in pipeline order: `GET /v1/admin/pipeline` reports each and `drained` covers them all. */
export const STAGES: StageDefinition[] = [PROJECTION_STAGE, ENRICHMENT_STAGE, CONSOLIDATION_STAGE];

/** One row of `GET /v1/admin/pipeline` (SPEC §7): numbers, never null. */
export interface StageStatus {
  stage: string;
  stream: string;
  group: string;
  lag: number;
  pending: number;
  dead_lettered: number;
  last_delivered_id: string;
  seconds_behind: number;
}

export function isDrained(stages: StageStatus[]): boolean {
  return stages.every((s) => s.lag === 0 && s.pending === 0);
}
