import { entitySpecificity } from './entity-specificity';

describe('entitySpecificity', () => {
  it('is 1 for an entity one event names and falls towards ln 2 / ln(1 + N) for one every event names', () => {
    expect(entitySpecificity(1, 800)).toBe(1);
    expect(entitySpecificity(400, 800)).toBeCloseTo(Math.log(3) / Math.log(801), 10);
    expect(entitySpecificity(800, 800)).toBeCloseTo(0.104, 3);
  });

  it('ranks a rarely named entity above a common one, and is 1 while nothing is known', () => {
    expect(entitySpecificity(3, 900)).toBeGreaterThan(entitySpecificity(30, 900));
    expect(entitySpecificity(0, 900)).toBe(1);
    expect(entitySpecificity(5, 1)).toBe(1);
  });
});
