import { RETRIEVAL_BOUNDS } from './bounds';

describe('RETRIEVAL_BOUNDS (SPEC §7, §8)', () => {
  it('holds the documented defaults and ranges', () => {
    expect(RETRIEVAL_BOUNDS).toEqual({
      maxNodes: { default: 100, min: 1, max: 500 },
      maxDepth: { default: 3, min: 1, max: 10 },
      timeoutMs: { default: 5000, min: 100, max: 30000 },
    });
  });

  it('keeps every default inside its range', () => {
    for (const bound of Object.values(RETRIEVAL_BOUNDS)) {
      expect(bound.default).toBeGreaterThanOrEqual(bound.min);
      expect(bound.default).toBeLessThanOrEqual(bound.max);
    }
  });
});
