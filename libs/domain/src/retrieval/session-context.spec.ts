import { GraphEdge } from '../graph/model';
import { withSessionContext } from './session-context';

const follows = (source: string, target: string): GraphEdge => ({ source, target, edge_type: 'FOLLOWS', properties: { delta_ms: 1000 } });

describe('withSessionContext', () => {
  it('lends half of a match to the turns before and after it, added to what they matched, scaled to a best of 1', () => {
    // a ← b ← c ← d (d follows c follows b follows a); b matched fully, d a little.
    const strength = withSessionContext(new Map([['b', 1], ['d', 0.4]]), [follows('b', 'a'), follows('c', 'b'), follows('d', 'c')]);
    expect(Object.fromEntries(strength)).toEqual({ b: 1, d: 0.4, a: 0.5, c: 0.7 });
  });

  it('counts an edge once however often the graph read returned it, and ignores other edge types', () => {
    const edges = [follows('b', 'a'), follows('b', 'a'), { ...follows('a', 'x'), edge_type: 'SIMILAR_TO' as const }];
    expect(Object.fromEntries(withSessionContext(new Map([['a', 1]]), edges))).toEqual({ a: 1, b: 0.5 });
  });

  it('scales so the best is 1 when a turn between two matches outgrows them', () => {
    const strength = withSessionContext(new Map([['a', 1], ['c', 1]]), [follows('b', 'a'), follows('c', 'b')]);
    expect(Object.fromEntries(strength)).toEqual({ a: 1, c: 1, b: 1 });
  });
});
