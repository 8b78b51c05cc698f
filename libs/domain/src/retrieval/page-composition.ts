import { isSummaryId } from '../consolidation/summary-plan';
import { isEntityId } from '../graph/entities';

/** Share of a page that summaries and entities may take: context, but never at the cost of the evidence. */
export const CONTEXT_NODE_SHARE = 0.2;

/**
 * Result composition: events are the evidence, summaries and entities the context around it. The
 * first CONTEXT_NODE_SHARE of a page's places (at least one) go to the best-ranked summaries and
 * entities where they rank; any others follow after every event, on later pages.
 */
export function composePage<T extends { id: string }>(ranked: readonly T[], maxNodes: number): T[] {
  const budget = Math.max(1, Math.floor(maxNodes * CONTEXT_NODE_SHARE));
  const isContext = (n: T) => isEntityId(n.id) || isSummaryId(n.id);
  const head: T[] = [];
  const deferred: T[] = [];
  let taken = 0;
  for (const node of ranked) {
    if (!isContext(node)) head.push(node);
    else if (taken < budget) {
      taken++;
      head.push(node);
    } else deferred.push(node);
  }
  return [...head, ...deferred];
}

