import {
  GraphStore, ImportanceFeedback, PartitionRef, PROJECTED_STREAM, projectEvent, recordedFeedback, StageOutput, StoredEvent, StoredEventReader,
} from '@cg/domain';

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
 *
 * A `system.feedback` event becomes an Event node like any other and, in addition, its importance
 * deltas are applied to the graph — idempotently per feedback event, so feedback the API already
 * applied is not applied again, feedback the API never got to apply (a crash after the ledger
 * write) is, and a graph rebuilt from the ledger gets each feedback once. It is applied after the
 * batch's nodes are in the graph, so nodes it judges that arrive in the same batch count.
 */
export class ProjectEventsUseCase {
  constructor(
    private readonly events: StoredEventReader,
    private readonly graph: GraphStore,
    private readonly output: StageOutput,
    private readonly importance: ImportanceFeedback,
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
    await this.applyFeedback(scope, found);
    const projected = found.map((e) => e.event_id);
    await this.output.append(scope, PROJECTED_STREAM, projected);
    return { projected, created: added.filter(Boolean).length, missing };
  }

  /** One at a time in the order delivered (the ledger's, for a stream read): clamping makes order matter. */
  private async applyFeedback(scope: PartitionRef, events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      const deltas = recordedFeedback(event);
      if (deltas?.size) await this.importance.apply({ ...scope, agentId: event.agent_id }, event.event_id, deltas);
    }
  }
}
