import { cosine, similarEdge } from './similarity';

describe('cosine', () => {
  it('is 1 for one direction, 0 for orthogonal, -1 for opposite, on arrays and Float32Arrays', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine(new Float32Array([1, 0]), new Float32Array([0, 3]))).toBe(0);
    expect(cosine(new Float32Array([1, 1]), [-1, -1])).toBeCloseTo(-1, 6);
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
  });

  it('is 0 against a zero vector and refuses vectors of different dimension', () => {
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('similarEdge (SPEC §5)', () => {
  const older = { id: 'b', occurred_ms: 1000 };
  const newer = { id: 'a', occurred_ms: 2000 };

  it('points newer → older whichever way the pair is given', () => {
    const expected = { source: 'a', target: 'b', edge_type: 'SIMILAR_TO', properties: { score: 0.91 } };
    expect(similarEdge(newer, older, 0.91)).toEqual(expected);
    expect(similarEdge(older, newer, 0.91)).toEqual(expected);
  });

  it('orders events of one instant by id', () => {
    const x = { id: 'x', occurred_ms: 5 };
    const y = { id: 'y', occurred_ms: 5 };
    expect(similarEdge(x, y, 0.9)).toMatchObject({ source: 'y', target: 'x' });
    expect(similarEdge(y, x, 0.9)).toMatchObject({ source: 'y', target: 'x' });
  });
});
