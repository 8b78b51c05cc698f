import { randomUUID } from 'node:crypto';
import { RankedReadDeps, SnapshotStore } from '@cg/domain';
import type { ApiRuntime } from './infra.module';

/** The settings and services every ranked, paged read shares (context, subgraph, lineage), built once. */
export function rankedReadDeps(runtime: ApiRuntime, snapshots: SnapshotStore): RankedReadDeps {
  const { config, clock, logger } = runtime;
  const delay = config.retrievalStepDelayMs;
  return {
    snapshots,
    clock,
    scoring: config.scoring,
    snapshotTtlMs: config.cursorTtlMs,
    accessBumpIntervalMs: config.accessBumpIntervalMs,
    newId: randomUUID,
    onBackgroundError: (error) => logger.warn('access bump failed; the read was answered without it', { error }),
    beforeExpand: delay > 0 ? () => new Promise((resolve) => setTimeout(resolve, delay)) : undefined,
  };
}
