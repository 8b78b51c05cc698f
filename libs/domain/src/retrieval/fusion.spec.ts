import { reciprocalRankFusion, RRF_K } from './fusion';

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the channels, with k = 60 by default', () => {
    const fused = reciprocalRankFusion({ entity: ['a', 'b'], vector: ['b', 'c', 'a'], lexical: ['c'] });
    const scoreOf = Object.fromEntries(fused.map((seed) => [seed.id, seed.score]));
    expect(RRF_K).toBe(60);
    expect(scoreOf.a).toBeCloseTo(1 / 61 + 1 / 63, 15);
    expect(scoreOf.b).toBeCloseTo(1 / 62 + 1 / 61, 15);
    expect(scoreOf.c).toBeCloseTo(1 / 62 + 1 / 61, 15);
    // b and c tie exactly (same ranks, other channels) → id ascending; a trails (1/63 < 1/62).
    expect(fused.map((seed) => seed.id)).toEqual(['b', 'c', 'a']);
  });

  it('lists the channels that found each id, in channel order', () => {
    const fused = reciprocalRankFusion({ entity: ['a'], vector: ['b', 'a'], lexical: ['a'] });
    expect(fused).toEqual([
      { id: 'a', score: expect.any(Number), channels: ['entity', 'vector', 'lexical'] },
      { id: 'b', score: 1 / 61, channels: ['vector'] },
    ]);
  });

  it('takes k as a parameter', () => {
    const fused = reciprocalRankFusion({ x: ['a', 'b'], y: ['b'] }, 0);
    expect(fused).toEqual([
      { id: 'b', score: 1 / 2 + 1 / 1, channels: ['x', 'y'] },
      { id: 'a', score: 1, channels: ['x'] },
    ]);
  });

  it('rewards agreement: an id found by two channels beats the top of one channel', () => {
    const fused = reciprocalRankFusion({ entity: ['solo', 'shared'], vector: ['other', 'shared'] });
    expect(fused[0].id).toBe('shared');
    expect(fused[0].score).toBeCloseTo(2 / 62, 15);
  });

  it('breaks ties by id ascending, whatever the input order', () => {
    expect(reciprocalRankFusion({ one: ['m'], two: ['b'], three: ['z'], four: ['a'] }).map((s) => s.id)).toEqual(['a', 'b', 'm', 'z']);
  });

  it('gives bit-identical scores to the same ranks met in another channel order, so the id decides', () => {
    // Summed in channel order, ranks (1, 2, 7) and (2, 7, 1) differ in the last float digit.
    const at = (channel: string, ranks: Record<number, string>) => Array.from({ length: 7 }, (_, i) => ranks[i + 1] ?? `${channel}-filler-${i}`);
    const fused = reciprocalRankFusion({
      c1: at('c1', { 1: 'u', 2: 't', 7: 's' }),
      c2: at('c2', { 1: 's', 2: 'u', 7: 't' }),
      c3: at('c3', { 1: 't', 2: 's', 7: 'u' }),
    });
    const top = fused.slice(0, 3);
    expect(top.map((seed) => seed.id)).toEqual(['s', 't', 'u']);
    expect(new Set(top.map((seed) => seed.score)).size).toBe(1);
    expect(top[0].score).toBeCloseTo(1 / 61 + 1 / 62 + 1 / 67, 15);
  });

  it('counts an id repeated within one channel once, at its best rank', () => {
    const fused = reciprocalRankFusion({ lexical: ['a', 'b', 'a'] });
    expect(fused).toEqual([
      { id: 'a', score: 1 / 61, channels: ['lexical'] },
      { id: 'b', score: 1 / 62, channels: ['lexical'] },
    ]);
  });

  it('handles no channels and empty channels', () => {
    expect(reciprocalRankFusion({})).toEqual([]);
    expect(reciprocalRankFusion({ vector: [], lexical: ['a'] })).toEqual([{ id: 'a', score: 1 / 61, channels: ['lexical'] }]);
  });

  it('refuses a negative or non-finite k', () => {
    expect(() => reciprocalRankFusion({ a: ['x'] }, -1)).toThrow(RangeError);
    expect(() => reciprocalRankFusion({ a: ['x'] }, NaN)).toThrow(RangeError);
    expect(() => reciprocalRankFusion({ a: ['x'] }, Infinity)).toThrow(RangeError);
  });
});
