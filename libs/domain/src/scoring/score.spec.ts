import { DEFAULT_SCORING, importance, recency, relevance, scoreNode } from './score';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('scoring (SPEC §6)', () => {
  it('recency is exp(-t_h / S) with S = 168 h for a node never accessed', () => {
    expect(recency({ occurredMs: NOW, accessCount: 0 }, NOW)).toBe(1);
    expect(recency({ occurredMs: NOW - 168 * HOUR, accessCount: 0 }, NOW)).toBeCloseTo(Math.exp(-1), 12);
  });

  it('recency counts from the later of occurrence and last access, and access grows stability', () => {
    const input = { occurredMs: NOW - 1000 * HOUR, lastAccessedMs: NOW - 192 * HOUR, accessCount: 1 };
    expect(recency(input, NOW)).toBeCloseTo(Math.exp(-192 / (168 + 24)), 12);
  });

  it('recency treats a future timestamp as now', () => {
    expect(recency({ occurredMs: NOW + HOUR, accessCount: 0 }, NOW)).toBe(1);
  });

  it('importance is importance_score / 10; relevance maps cosine to [0,1] and is 0.5 without vectors', () => {
    expect(importance(7)).toBe(0.7);
    expect(relevance(undefined)).toBe(0.5);
    expect(relevance(1)).toBe(1);
    expect(relevance(-1)).toBe(0);
    expect(relevance(0.84)).toBeCloseTo(0.92, 12);
  });

  it('the composite is the weighted mean of the three parts', () => {
    const input = { occurredMs: NOW - 168 * HOUR, accessCount: 0, importanceScore: 8, cosine: 0.5 };
    const equal = scoreNode(input, NOW);
    expect(equal.score).toBeCloseTo((Math.exp(-1) + 0.8 + 0.75) / 3, 12);
    expect(equal).toMatchObject({ importance_score: 8, relevance_score: 0.75 });
    expect(equal.decay_score).toBeCloseTo(Math.exp(-1), 12);
    const weighted = scoreNode(input, NOW, { ...DEFAULT_SCORING, weights: { recency: 2, importance: 1, relevance: 0 } });
    expect(weighted.score).toBeCloseTo((2 * Math.exp(-1) + 0.8) / 3, 12);
  });
});
