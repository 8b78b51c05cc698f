import { l2Normalize, meanPoolNormalized } from './pooling';

describe('meanPoolNormalized', () => {
  it('averages only unmasked token states, then normalizes', () => {
    // batch 2, seq 3, dim 2; the second row's last token is padding with a loud state.
    const states = Float32Array.from([1, 0, 0, 1, 1, 1, 3, 4, 3, 4, 100, -100]);
    const [a, b] = meanPoolNormalized(states, [1, 1, 1, 1, 1, 0], 2, 3, 2);
    expect(Array.from(a)).toEqual(Array.from(l2Normalize(Float32Array.from([2 / 3, 2 / 3]))));
    expect(a[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(b[0]).toBeCloseTo(0.6, 6);
    expect(b[1]).toBeCloseTo(0.8, 6);
  });

  it('leaves an all-masked row at zero instead of NaN', () => {
    const [v] = meanPoolNormalized(Float32Array.from([1, 2]), [0], 1, 1, 2);
    expect(Array.from(v)).toEqual([0, 0]);
  });
});
