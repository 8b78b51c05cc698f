import { partitionOf } from './partition';

describe('partitionOf', () => {
  it('is stable, in range, and spreads agents over partitions', () => {
    const agents = Array.from({ length: 1000 }, (_, i) => `agent-${i}`);
    const counts = new Array(8).fill(0);
    for (const agent of agents) {
      const p = partitionOf(agent, 8);
      expect(p).toBe(partitionOf(agent, 8));
      counts[p]++;
    }
    expect(Math.min(...counts)).toBeGreaterThan(80);
    expect(partitionOf('anything', 1)).toBe(0);
  });
});
