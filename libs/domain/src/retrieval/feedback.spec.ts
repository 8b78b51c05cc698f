import {
  canonicalFeedback, clampImportance, contradictoryIds, effectiveImportance, feedbackDeltas, feedbackIdentity, nextFeedback,
} from './feedback';

describe('feedback rules (SPEC §6, §7)', () => {
  it('clamps importance to integers 1–10', () => {
    expect([-3, 0, 1, 5.4, 10, 11].map(clampImportance)).toEqual([1, 1, 1, 5, 10, 10]);
  });

  it('makes the effective importance base + feedback, clamped', () => {
    expect(effectiveImportance(5, 2)).toBe(7);
    expect(effectiveImportance(9, 4)).toBe(10);
    expect(effectiveImportance(2, -5)).toBe(1);
  });

  it('moves feedback by ±1 but never past the 1–10 range of base + feedback', () => {
    expect(nextFeedback(5, 0, 1)).toBe(1);
    expect(nextFeedback(5, 0, -1)).toBe(-1);
    expect(nextFeedback(10, 0, 1)).toBe(0);
    expect(nextFeedback(9, 1, 1)).toBe(1);
    expect(nextFeedback(1, 0, -1)).toBe(0);
    // At the ceiling, one "irrelevant" is felt at once — no hidden surplus to work off first.
    expect(effectiveImportance(10, nextFeedback(10, nextFeedback(10, 0, 1), -1))).toBe(9);
  });

  it('gives +1 to helpful and −1 to irrelevant ids, each once, skipping entities', () => {
    const deltas = feedbackDeltas({ helpful: ['a', 'a', 'entity:person:x'], irrelevant: ['b'] });
    expect([...deltas]).toEqual([['a', 1], ['b', -1]]);
  });

  it('finds ids named in both lists', () => {
    expect(contradictoryIds(['a', 'b', 'c'], ['c', 'a', 'c', 'd'])).toEqual(['a', 'c']);
    expect(contradictoryIds(['a'], ['b'])).toEqual([]);
  });

  it('names the same feedback the same however its lists are ordered or repeated', () => {
    const one = { queryId: 'Q', sessionId: 's', helpful: ['b', 'a', 'a'], irrelevant: ['c'] };
    const two = { queryId: 'q', sessionId: 's', helpful: ['a', 'b'], irrelevant: ['c', 'c'] };
    expect(feedbackIdentity(one)).toBe(feedbackIdentity(two));
    expect(canonicalFeedback(one)).toEqual({ queryId: 'q', sessionId: 's', helpful: ['a', 'b'], irrelevant: ['c'] });
    expect(feedbackIdentity({ ...two, helpful: ['a'] })).not.toBe(feedbackIdentity(two));
    expect(feedbackIdentity({ ...two, sessionId: 't' })).not.toBe(feedbackIdentity(two));
    // A list boundary is part of the name: moving an id between lists is other feedback.
    expect(feedbackIdentity({ ...two, helpful: ['a'], irrelevant: ['b', 'c'] })).not.toBe(feedbackIdentity(two));
  });
});
