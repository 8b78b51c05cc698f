import { EventNode } from '../graph/model';
import { DEFAULT_SCORING } from '../scoring/score';
import { rankEventNodes } from './ranking';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const node = (id: string, occurredMs: number, importance: number): EventNode => ({
  id, node_type: 'Event', event_type: 'a.b', session_id: 's', agent_id: 'a', trace_id: 't', occurred_at: '',
  occurred_ms: occurredMs, global_position: '1-0', ingested_at: '', payload_ref: 'r', importance_score: importance, access_count: 0,
});

describe('rankEventNodes', () => {
  it('orders by score, then later occurred_at, then id ascending', () => {
    const ranked = rankEventNodes([
      node('c', NOW - 1000, 5), node('b', NOW - 1000, 5), node('old', NOW - 3_600_000 * 500, 5),
      node('vital', NOW - 3_600_000, 10), node('newer', NOW, 5),
    ], NOW, DEFAULT_SCORING);
    expect(ranked.map((r) => r.id)).toEqual(['vital', 'newer', 'b', 'c', 'old']);
  });
});
