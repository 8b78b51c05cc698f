import { DomainError } from '../errors';
import { PartitionRef } from '../scoping/partition';
import { decodeCursor, encodeCursor } from './cursor';
import { RankedReadDeps } from './ports';
import { RankedNode } from './ranking';

/** A ranking and where this page starts in it; `snapshotId` once it has been frozen for paging. */
export interface RankingPage {
  ranked: RankedNode[];
  offset: number;
  snapshotId?: string;
  /** What the read reports about how it found its nodes, repeated on every page. */
  meta: Record<string, unknown>;
}

export interface PageCut {
  slice: RankedNode[];
  hasMore: boolean;
  cursor: string | null;
}

/** The ranking a cursor names, or 410 when it expired or belongs to another read (`subject`). */
export async function resumeRanking(deps: RankedReadDeps, scope: PartitionRef | null, subject: string, text: string): Promise<RankingPage> {
  const cursor = decodeCursor(text);
  if (!cursor) throw new DomainError('invalid_cursor', 'cursor is not valid', [{ field: 'cursor', message: 'is not a cursor this service issued' }]);
  const snapshot = scope ? await deps.snapshots.load(scope, cursor.snapshot) : null;
  if (!snapshot || snapshot.subject !== subject) {
    throw new DomainError('cursor_expired', 'cursor has expired or belongs to another read; start again without it');
  }
  return { ranked: snapshot.ranked, offset: cursor.offset, snapshotId: cursor.snapshot, meta: snapshot.meta ?? {} };
}

/**
 * One page of a ranking; when more follow, the ranking is frozen in a snapshot (once) so later pages
 * neither repeat nor skip a node even though reads change access counts.
 */
export async function cutPage(deps: RankedReadDeps, scope: PartitionRef | null, subject: string, page: RankingPage, maxNodes: number): Promise<PageCut> {
  const slice = page.ranked.slice(page.offset, page.offset + maxNodes);
  const hasMore = page.offset + slice.length < page.ranked.length;
  let snapshotId = page.snapshotId;
  if (hasMore && !snapshotId && scope) {
    snapshotId = deps.newId();
    await deps.snapshots.save(scope, snapshotId, { subject, ranked: page.ranked, meta: page.meta }, deps.snapshotTtlMs);
  }
  const cursor = hasMore && snapshotId ? encodeCursor({ snapshot: snapshotId, offset: page.offset + slice.length }) : null;
  return { slice, hasMore, cursor };
}
