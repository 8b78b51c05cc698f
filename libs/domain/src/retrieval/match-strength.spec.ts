import { matchStrength } from './match-strength';

describe('matchStrength', () => {
  it('scales a relative channel by its best hit, so a stop-word match of a rich query stays weak', () => {
    const strength = matchStrength({ relative: { lexical: [{ id: 'exact', score: 9 }, { id: 'weak', score: 0.9 }] } });
    expect(strength.get('exact')).toBe(1);
    expect(strength.get('weak')).toBeCloseTo(0.1);
  });

  it('takes absolute scores as they are (clamped to [0, 1]) and exact matches at full strength', () => {
    const strength = matchStrength({
      absolute: { vector: [{ id: 'a', score: 0.42 }, { id: 'b', score: 1.3 }, { id: 'c', score: -0.2 }] },
      exact: { entity: ['entity:person:maria-lopez'] },
    });
    expect(Object.fromEntries(strength)).toEqual({ a: 0.42, b: 1, c: 0, 'entity:person:maria-lopez': 1 });
  });

  it("keeps an id's best channel", () => {
    const strength = matchStrength({
      relative: { lexical: [{ id: 'x', score: 2 }, { id: 'y', score: 1 }] },
      absolute: { vector: [{ id: 'y', score: 0.8 }, { id: 'x', score: 0.3 }] },
    });
    expect(strength.get('x')).toBe(1);
    expect(strength.get('y')).toBe(0.8);
  });

  it('ignores a relative channel whose best score is not positive', () => {
    expect(matchStrength({ relative: { lexical: [{ id: 'z', score: 0 }] } }).size).toBe(0);
  });
});
