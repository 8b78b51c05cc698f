import { rankInBands } from './relevance-bands';

const none = () => 0;
const ids = (list: { id: string }[]) => list.map((n) => n.id);

describe('rankInBands', () => {
  it('puts a clearly better match first, however its composite score compares', () => {
    const ranked = rankInBands([
      { id: 'e-recent', relevance: 0.5, score: 0.9 },
      { id: 'e-exact', relevance: 0.95, score: 0.4 },
    ], none, 20);
    expect(ids(ranked)).toEqual(['e-exact', 'e-recent']);
  });

  it('orders nodes that answer about as well (one band of 0.1) by their composite score', () => {
    const ranked = rankInBands([
      { id: 'e-a', relevance: 0.99, score: 0.4 },
      { id: 'e-b', relevance: 0.92, score: 0.7 },
      { id: 'e-c', relevance: 0.89, score: 0.99 },
    ], none, 20);
    expect(ids(ranked)).toEqual(['e-b', 'e-a', 'e-c']);
  });

  it('diversifies within a band: a near-duplicate of a pick yields to a different node', () => {
    const vector = (x: number) => Float32Array.from([x, 1 - x]);
    const same = (a: { vector?: Float32Array }, b: { vector?: Float32Array }) => (a.vector && b.vector && a.vector[0] === b.vector[0] ? 1 : 0);
    const ranked = rankInBands([
      { id: 'e-a', relevance: 0.9, score: 0.8, vector: vector(1) },
      { id: 'e-a2', relevance: 0.9, score: 0.79, vector: vector(1) },
      { id: 'e-b', relevance: 0.9, score: 0.7, vector: vector(0) },
    ], same, 20);
    expect(ids(ranked)).toEqual(['e-a', 'e-b', 'e-a2']);
  });

  it('keeps summaries and entities to their share of the page', () => {
    const ranked = rankInBands([
      { id: 'summary:session:s', relevance: 1, score: 0.9 },
      { id: 'entity:person:x', relevance: 1, score: 0.8 },
      { id: 'e-a', relevance: 0.9, score: 0.5 },
    ], none, 5);
    expect(ids(ranked)).toEqual(['summary:session:s', 'e-a', 'entity:person:x']);
  });
});
