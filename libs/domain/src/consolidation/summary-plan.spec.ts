import { EventNode } from '../graph/model';
import {
  eventSource, isSummaryId, sealedEpisodes, planSummary, sourcesDigest, summaryId, summaryLevelOf, summaryNode, summarySource,
} from './summary-plan';

const node = (id: string, ms: number, text: string | undefined, importance = 5): EventNode => ({
  id, node_type: 'Event', event_type: 'tool.execute', tool_name: 'search', session_id: 's-1', agent_id: 'agent-a', trace_id: 't',
  occurred_at: new Date(ms).toISOString(), occurred_ms: ms, global_position: '1-0', ingested_at: '', payload_ref: 'x',
  text, importance_score: importance, access_count: 0,
});

describe('summary planning', () => {
  it('names summaries by scope: summary:<level>:<scope id> (SPEC §5)', () => {
    expect(summaryId('episode', 'e-1')).toBe('summary:episode:e-1');
    expect(summaryId('session', 's-1')).toBe('summary:session:s-1');
    expect(summaryId('agent', 'agent-a')).toBe('summary:agent:agent-a');
    expect(isSummaryId('summary:agent:x')).toBe(true);
    expect(isSummaryId('entity:person:x')).toBe(false);
    expect(summaryLevelOf('summary:session:s:with:colons')).toBe('session');
    expect(summaryLevelOf('e-1')).toBeNull();
  });

  it('reads an event as a source: its text, else its type and tool', () => {
    expect(eventSource(node('a', 1, 'Booked a flight'))).toMatchObject({ id: 'a', text: 'Booked a flight', kind: 'tool.execute', derivedFrom: ['a'] });
    expect(eventSource(node('b', 1, undefined)).text).toBe('tool.execute search');
  });

  it('plans bounds, importance, lineage (transitively) and a digest, sources oldest first', () => {
    const plan = planSummary({
      level: 'session', scopeId: 's-1', agentId: 'agent-a', sessionId: 's-1',
      sources: [
        summarySource({ id: 'summary:episode:e2', summary: 'two', occurred_ms: 50, first_ms: 30, importance_score: 9, derived_from: ['e2', 'e3'] }),
        summarySource({ id: 'summary:episode:e1', summary: 'one', occurred_ms: 20, first_ms: 5, importance_score: 4, derived_from: ['e1', 'e2'] }),
      ],
    });
    expect(plan).toMatchObject({
      id: 'summary:session:s-1', level: 'session', sessionId: 's-1', firstMs: 5, occurredMs: 50, importance: 9,
      derivedFrom: ['e1', 'e2', 'e3'],
    });
    expect(plan.sources.map((s) => s.id)).toEqual(['summary:episode:e1', 'summary:episode:e2']);
    expect(plan.digest).toMatch(/^[0-9a-f]{16}$/);
    const stored = summaryNode(plan, { text: 'both', method: 'extractive', model: 'x-v1' }, 99);
    expect(stored).toMatchObject({ node_type: 'Summary', level: 'session', session_id: 's-1', summary: 'both', created_ms: 99, sources_digest: plan.digest, source_count: 2 });
    expect(() => planSummary({ level: 'agent', scopeId: 'a', agentId: 'a', sources: [] })).toThrow();
  });

  it('the digest changes with any id or text and with the level, not with the input order', () => {
    const one = [eventSource(node('a', 1, 'x')), eventSource(node('b', 2, 'y'))];
    const plan = (sources = one) => planSummary({ level: 'episode', scopeId: 'a', agentId: 'agent-a', sources }).digest;
    expect(plan([...one].reverse())).toBe(plan());
    expect(plan([one[0], eventSource(node('b', 2, 'y!'))])).not.toBe(plan());
    expect(plan([one[0], eventSource(node('c', 2, 'y'))])).not.toBe(plan());
    expect(plan([one[0]])).not.toBe(plan());
    expect(sourcesDigest('episode', [{ id: 'ab', text: 'c' }])).not.toBe(sourcesDigest('episode', [{ id: 'a', text: 'bc' }]));
    expect(sourcesDigest('session', one)).not.toBe(sourcesDigest('episode', one));
  });
});

describe('sealedEpisodes', () => {
  it('seals the episode summaries that lost events to forgetting, oldest first, and covers their remaining events', () => {
    const present = new Set(['e2', 'e3', 'e5', 'e6']);
    const previous = [
      { id: 'summary:episode:e4', derived_from: ['e4', 'e5'], first_ms: 40 }, // e4 forgotten: sealed
      { id: 'summary:episode:e1', derived_from: ['e1', 'e2', 'e3'], first_ms: 10 }, // e1 forgotten: sealed
      { id: 'summary:episode:e6', derived_from: ['e6'], first_ms: 60 }, // nothing forgotten: re-planned as usual
    ];
    const { sealed, covered } = sealedEpisodes(previous, present);
    expect(sealed.map((p) => p.id)).toEqual(['summary:episode:e1', 'summary:episode:e4']);
    expect([...covered].sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(sealedEpisodes(previous, new Set(['e1', 'e2', 'e3', 'e4', 'e5', 'e6'])).sealed).toEqual([]);
  });
});
