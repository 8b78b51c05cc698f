import { LedgerEvent } from '../events/event';
import {
  canonicalFeedback, clampImportance, contradictoryIds, effectiveImportance, FEEDBACK_EVENT_TYPE, feedbackDeltas, feedbackIdentity,
  MAX_FEEDBACK_NODES, nextFeedback, recordedFeedback,
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

  it('reads the deltas a recorded system.feedback event asks for, defensively, and nothing from other events', () => {
    const event = (type: string, payload?: Record<string, unknown>): LedgerEvent => ({
      event_id: 'e', event_type: type, occurred_at: '2026-01-01T00:00:00Z', session_id: 's', agent_id: 'a', trace_id: 't', payload_ref: 'r', payload,
    });
    const recorded = recordedFeedback(event(FEEDBACK_EVENT_TYPE, { query_id: 'q', helpful_node_ids: ['a', 'entity:person:x'], irrelevant_node_ids: ['b'] }));
    expect([...(recorded ?? [])]).toEqual([['a', 1], ['b', -1]]);
    expect(recordedFeedback(event('user.message', { helpful_node_ids: ['a'] }))).toBeNull();
    expect(recordedFeedback(event(FEEDBACK_EVENT_TYPE))?.size).toBe(0);
    expect([...(recordedFeedback(event(FEEDBACK_EVENT_TYPE, { helpful_node_ids: 'a', irrelevant_node_ids: [1, '', null, 'c'] })) ?? [])]).toEqual([['c', -1]]);
    const many = Array.from({ length: MAX_FEEDBACK_NODES + 5 }, (_, n) => `id-${n}`);
    expect(recordedFeedback(event(FEEDBACK_EVENT_TYPE, { helpful_node_ids: many }))?.size).toBe(MAX_FEEDBACK_NODES);
  });
});
