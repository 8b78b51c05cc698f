import { GraphStore, PartitionRef, PROJECTED_STREAM, projectEvent, StageOutput, StoredEvent, StoredEventReader } from '@cg/domain';

export interface ProjectionResult {
  /** Ids projected (new or already in the graph) and handed to the next stage. */
  projected: string[];
  /** How many of them were new to the graph. */
  created: number;
  /** Ids whose event document is gone (past retention): nothing to project. */
  missing: string[];
}

/**
 * Stage 1 (SPEC §5): stored events → Event nodes with FOLLOWS / CAUSED_BY edges → the projected
 * stream. Safe to repeat: the graph store is idempotent and order-independent, and an id handed on
 * twice is harmless to the next stage, so ids are handed on even when the node already existed
 * (a crash between projecting and handing on must not lose them).
 */
export class ProjectEventsUseCase {
  constructor(
    private readonly events: StoredEventReader,
    private readonly graph: GraphStore,
    private readonly output: StageOutput,
  ) {}

  async execute(scope: PartitionRef, eventIds: string[]): Promise<ProjectionResult> {
    const ids = [...new Set(eventIds)];
    const stored = await this.events.storedEvents(scope, ids);
    const found = stored.filter((e): e is StoredEvent => e !== null);
    const missing = ids.filter((_, i) => stored[i] === null);
    const added = await Promise.all(found.map((event) => {
      const { node, orderKey } = projectEvent(event);
      return this.graph.projectEvent(scope, node, orderKey);
    }));
    const projected = found.map((e) => e.event_id);
    await this.output.append(scope, PROJECTED_STREAM, projected);
    return { projected, created: added.filter(Boolean).length, missing };
  }
}
