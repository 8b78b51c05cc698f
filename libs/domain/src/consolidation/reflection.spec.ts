import { DEFAULT_REFLECTION_THRESHOLD, reflectionDue } from './reflection';

describe('reflectionDue', () => {
  it('fires once the summed importance since the last reflection exceeds 150 (SPEC §6), configurable', () => {
    expect(DEFAULT_REFLECTION_THRESHOLD).toBe(150);
    expect(reflectionDue(150)).toBe(false);
    expect(reflectionDue(150.5)).toBe(true);
    expect(reflectionDue(0)).toBe(false);
    expect(reflectionDue(21, 20)).toBe(true);
  });
});
