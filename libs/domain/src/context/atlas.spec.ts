import { GraphEdge } from '../graph/model';
import { pageEdges } from './atlas';
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
