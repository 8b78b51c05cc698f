import { HOUR_MS } from '../clock';
import { dropsSimilarEdge, ForgettingCandidate, forgettingDecision, forgettingTier } from './forgetting';

const DAY = 24 * HOUR_MS;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const node = (ageMs: number, extra: Partial<ForgettingCandidate> = {}): ForgettingCandidate =>
  ({ ingestedMs: NOW - ageMs, importance: 3, accessCount: 0, onCausalChain: false, summarized: true, ...extra });

describe('forgettingTier', () => {
  it('splits ages at 24 h, 7 d and 30 d', () => {
    expect([0, DAY - 1, DAY, 7 * DAY - 1, 7 * DAY, 30 * DAY - 1, 30 * DAY, 400 * DAY].map((age) => forgettingTier(age)))
      .toEqual(['hot', 'hot', 'warm', 'warm', 'cold', 'cold', 'archive', 'archive']);
  });
});

describe('forgettingDecision', () => {
  it('keeps every node while hot or warm', () => {
    expect(forgettingDecision(node(2 * HOUR_MS), NOW)).toBe('keep');
    expect(forgettingDecision(node(6 * DAY), NOW)).toBe('keep');
  });

  it('keeps important or often-used cold nodes, prunes the rest once summarized', () => {
    expect(forgettingDecision(node(10 * DAY, { importance: 5 }), NOW)).toBe('keep');
    expect(forgettingDecision(node(10 * DAY, { accessCount: 3 }), NOW)).toBe('keep');
    expect(forgettingDecision(node(10 * DAY, { importance: 4, accessCount: 2 }), NOW)).toBe('prune');
    expect(forgettingDecision(node(10 * DAY, { summarized: false }), NOW)).toBe('summarize-first');
  });

  it('leaves only summaries in archive, whatever the importance', () => {
    expect(forgettingDecision(node(31 * DAY, { importance: 10, accessCount: 50 }), NOW)).toBe('prune');
    expect(forgettingDecision(node(31 * DAY, { summarized: false }), NOW)).toBe('summarize-first');
  });

  it('protects nodes on causal chains in every tier', () => {
    expect(forgettingDecision(node(10 * DAY, { onCausalChain: true }), NOW)).toBe('keep');
    expect(forgettingDecision(node(365 * DAY, { onCausalChain: true }), NOW)).toBe('keep');
  });
});

describe('dropsSimilarEdge', () => {
  it('drops SIMILAR_TO below 0.7 from the warm tier on, never while hot', () => {
    expect(dropsSimilarEdge(0.69, 2 * DAY)).toBe(true);
    expect(dropsSimilarEdge(0.7, 2 * DAY)).toBe(false);
    expect(dropsSimilarEdge(0.5, HOUR_MS)).toBe(false);
    expect(dropsSimilarEdge(0.5, 90 * DAY)).toBe(true);
  });
});
