import { GraphEdge } from '../graph/model';
import { MAX_RENDERED_LINEAGE, pageEdges, summaryAtlasNode } from './atlas';
import { decodeCursor, encodeCursor } from './cursor';

const edge = (source: string, target: string): GraphEdge => ({ source, target, edge_type: 'FOLLOWS', properties: {} });

describe('pageEdges', () => {
  it('emits each edge among returned nodes exactly once, on the page of its later-ranked end', () => {
    const rankOf = new Map([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    const edges = [edge('b', 'a'), edge('c', 'b'), edge('d', 'c'), edge('a', 'd'), edge('d', 'x'), edge('b', 'a')];
    const page1 = pageEdges(edges, rankOf, 1, 2);
    const page2 = pageEdges(edges, rankOf, 3, 4);
    expect(page1).toEqual([edge('b', 'a')]);
    expect(page2).toEqual([edge('c', 'b'), edge('d', 'c'), edge('a', 'd')]);
  });
});

describe('cursor', () => {
  it('round-trips and refuses what it did not issue', () => {
    const text = encodeCursor({ snapshot: 'abc-123', offset: 200 });
    expect(decodeCursor(text)).toEqual({ snapshot: 'abc-123', offset: 200 });
    expect(decodeCursor('not a cursor')).toBeNull();
    expect(decodeCursor(encodeCursor({ snapshot: 'bad key!', offset: 1 }))).toBeNull();
  });
});

describe('summaryAtlasNode', () => {
  it('renders a Summary with its text as attributes and its sources, scope and time range as provenance', () => {
    const scores = { score: 0.7, decay_score: 0.9, relevance_score: 0.5, importance_score: 8 };
    const node = summaryAtlasNode({
      id: 'summary:session:s-1', node_type: 'Summary', agent_id: 'agent-a', session_id: 's-1', level: 'session',
      summary: 'The deploy failed; the migration timed out.', method: 'extractive', model: 'extractive-v1',
      derived_from: ['e1', 'e2'], occurred_ms: Date.parse('2026-11-26T10:05:00Z'), first_ms: Date.parse('2026-11-26T10:00:00Z'),
      importance_score: 8, sources_digest: 'abc', source_count: 2, created_ms: Date.parse('2026-11-26T11:00:00Z'),
      keywords: ['deploy', 'migration'], embedding_model: 'local-hash-384-v1',
    }, 3, scores, 'direct');
    expect(node).toEqual({
      node_type: 'Summary', rank: 3, scores, retrieval_reason: 'direct',
      attributes: {
        summary: 'The deploy failed; the migration timed out.', level: 'session', method: 'extractive', model: 'extractive-v1',
        source_count: 2, keywords: ['deploy', 'migration'], importance_score: 8, created_at: '2026-11-26T11:00:00.000Z',
        access_count: 0, embedding_model: 'local-hash-384-v1',
      },
      provenance: {
        event_id: '', global_position: '', source: 'redis', trace_id: '', agent_id: 'agent-a', session_id: 's-1',
        occurred_at: '2026-11-26T10:05:00.000Z', first_occurred_at: '2026-11-26T10:00:00.000Z', derived_from: ['e1', 'e2'], derived_from_count: 2,
      },
    });
  });
});

describe('summaryAtlasNode lineage cap', () => {
  it('shows a large summary\'s first MAX_RENDERED_LINEAGE source ids and the full count', () => {
    const ids = Array.from({ length: MAX_RENDERED_LINEAGE + 50 }, (_, i) => `e${String(i).padStart(4, '0')}`);
    const node = summaryAtlasNode({
      id: 'summary:agent:agent-a', node_type: 'Summary', agent_id: 'agent-a', level: 'agent', summary: 'All of it.', method: 'extractive',
      model: 'extractive-v1', derived_from: ids, occurred_ms: 2, first_ms: 1, importance_score: 5, sources_digest: 'd', source_count: 3, created_ms: 3,
    }, 1, { score: 0.5, decay_score: 0.5, relevance_score: 0.5, importance_score: 5 }, 'proactive');
    expect(node.provenance.derived_from).toEqual(ids.slice(0, MAX_RENDERED_LINEAGE));
    expect(node.provenance.derived_from_count).toBe(ids.length);
  });
});
