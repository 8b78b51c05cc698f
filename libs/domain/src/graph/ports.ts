import { PartitionRef } from '../scoping/partition';
import { EventNode, GraphEdge, ProjectedEventNode } from './model';
import { GraphNode } from './nodes';

/** The context graph (SPEC §5), stored in Redis by default. */
export interface GraphStore {
  /**
   * Adds an Event node and links it: `FOLLOWS` to its predecessor in the session (re-linking the
   * successor), `CAUSED_BY` to its parent, or to it from children that arrived first. Idempotent
   * and order-independent; returns false when the node already existed.
   */
  projectEvent(scope: PartitionRef, node: ProjectedEventNode, sessionOrderKey: string): Promise<boolean>;
  sessionNodeIds(scope: PartitionRef, sessionId: string): Promise<string[]>;
  eventNodes(scope: PartitionRef, ids: string[]): Promise<EventNode[]>;
  /** The Event and Summary nodes among `ids`, in id order (missing ids and other node types left out). */
  nodes(scope: PartitionRef, ids: string[]): Promise<GraphNode[]>;
  /** The `SUMMARIZES` edges entering the given nodes: which summaries cover them. */
  summarizersOf(scope: PartitionRef, ids: string[]): Promise<GraphEdge[]>;
  /** Edges leaving or entering any of the given nodes. */
  edgesOf(scope: PartitionRef, ids: string[]): Promise<GraphEdge[]>;
  /** Counts a direct return of each node, at most once per node per `minIntervalMs`. */
  bumpAccess(scope: PartitionRef, ids: string[], now: number, minIntervalMs: number): Promise<void>;
}
