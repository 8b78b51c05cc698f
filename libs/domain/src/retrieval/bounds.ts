/** Caller-adjustable bounds of a retrieval read (SPEC §7, §8): defaults and the accepted range. */
export const RETRIEVAL_BOUNDS = {
  maxNodes: { default: 100, min: 1, max: 500 },
  maxDepth: { default: 3, min: 1, max: 10 },
  timeoutMs: { default: 5000, min: 100, max: 30000 },
} as const;

/** A walk gathers this many times a page of candidates, so a result can be paged beyond its first page. */
export const WALK_POOL_FACTOR = 3;
