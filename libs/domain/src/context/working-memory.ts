import { DomainError } from '../errors';
import { GraphStore } from '../graph/ports';
import { EventNode } from '../graph/model';
import { PartitionRef } from '../scoping/partition';
import { AtlasNode, AtlasResponse, eventAtlasNode, pageEdges } from './atlas';
import { decodeCursor, encodeCursor } from './cursor';
import { RankedReadDeps } from './ports';
import { RankedNode, rankEventNodes } from './ranking';

export interface WorkingMemoryRequest {
  sessionId: string;
  maxNodes: number;
  maxDepth: number;
  cursor?: string;
}

export interface WorkingMemoryDeps extends RankedReadDeps {
  graph: GraphStore;
}

/**
 * Working memory for a session (SPEC §7 `GET /v1/context`): its Event nodes ranked by composite
 * score, paged through a snapshot of the first page's ranking. `scope` is null for an unknown session.
 */
export async function workingMemory(deps: WorkingMemoryDeps, scope: PartitionRef | null, request: WorkingMemoryRequest): Promise<AtlasResponse> {
  const started = deps.clock.now();
  const subject = `context:${request.sessionId}`;
  const { ranked, offset, snapshotId, loaded } = request.cursor
    ? await resumeRanking(deps, scope, subject, request.cursor)
    : await freshRanking(deps, scope, request.sessionId);

  const page = ranked.slice(offset, offset + request.maxNodes);
  const hasMore = offset + page.length < ranked.length;
  let cursorId = snapshotId;
  if (hasMore && !cursorId && scope) {
    cursorId = deps.newId();
    await deps.snapshots.save(scope, cursorId, { subject, ranked }, deps.snapshotTtlMs);
  }

  const pageIds = page.map((r) => r.id);
  const nodes = scope ? await nodesById(deps, scope, pageIds, loaded) : new Map<string, EventNode>();
  const edges = scope && pageIds.length ? await deps.graph.edgesOf(scope, pageIds) : [];
  const rankOf = new Map(ranked.map((r, i) => [r.id, i + 1]));

  const atlasNodes: Record<string, AtlasNode> = {};
  page.forEach((r, i) => {
    const node = nodes.get(r.id);
    if (node) atlasNodes[r.id] = eventAtlasNode(node, offset + i + 1, r.scores, 'direct');
  });
  if (scope && pageIds.length) {
    deps.graph.bumpAccess(scope, pageIds, started, deps.accessBumpIntervalMs).catch(deps.onBackgroundError);
  }

  return {
    nodes: atlasNodes,
    edges: pageEdges(edges, rankOf, offset + 1, offset + page.length),
    pagination: {
      cursor: hasMore && cursorId ? encodeCursor({ snapshot: cursorId, offset: offset + page.length }) : null,
      has_more: hasMore,
    },
    meta: {
      query_id: deps.newId(),
      query_ms: Math.max(0, deps.clock.now() - started),
      nodes_returned: Object.keys(atlasNodes).length,
      truncated: false,
      scoring_weights: deps.scoring.weights,
      capacity: { max_nodes: request.maxNodes, used_nodes: Object.keys(atlasNodes).length, max_depth: request.maxDepth },
      total_nodes: ranked.length,
    },
  };
}

interface Ranking {
  ranked: RankedNode[];
  offset: number;
  snapshotId?: string;
  loaded?: EventNode[];
}

async function freshRanking(deps: WorkingMemoryDeps, scope: PartitionRef | null, sessionId: string): Promise<Ranking> {
  if (!scope) return { ranked: [], offset: 0 };
  const ids = await deps.graph.sessionNodeIds(scope, sessionId);
  const loaded = ids.length ? await deps.graph.eventNodes(scope, ids) : [];
  return { ranked: rankEventNodes(loaded, deps.clock.now(), deps.scoring), offset: 0, loaded };
}

async function resumeRanking(deps: WorkingMemoryDeps, scope: PartitionRef | null, subject: string, text: string): Promise<Ranking> {
  const cursor = decodeCursor(text);
  if (!cursor) throw new DomainError('invalid_cursor', 'cursor is not valid', [{ field: 'cursor', message: 'is not a cursor this service issued' }]);
  const snapshot = scope ? await deps.snapshots.load(scope, cursor.snapshot) : null;
  if (!snapshot || snapshot.subject !== subject) {
    throw new DomainError('cursor_expired', 'cursor has expired or belongs to another read; start again without it');
  }
  return { ranked: snapshot.ranked, offset: cursor.offset, snapshotId: cursor.snapshot };
}

async function nodesById(deps: WorkingMemoryDeps, scope: PartitionRef, ids: string[], loaded?: EventNode[]): Promise<Map<string, EventNode>> {
  const source = loaded ?? (ids.length ? await deps.graph.eventNodes(scope, ids) : []);
  return new Map(source.map((n) => [n.id, n]));
}
