import { PriorityQueue } from './priority-queue';

describe('PriorityQueue', () => {
  it('pops in the order `before` defines, whatever the push order', () => {
    const queue = new PriorityQueue<number>((a, b) => a > b);
    const values = [5, 1, 9, 3, 3, 7, 0, 8, 2, 6, 4, 9];
    values.forEach((v) => queue.push(v));
    expect(queue.size).toBe(values.length);
    const popped: number[] = [];
    for (let v = queue.pop(); v !== undefined; v = queue.pop()) popped.push(v);
    expect(popped).toEqual([...values].sort((a, b) => b - a));
    expect(queue.size).toBe(0);
  });

  it('returns undefined when empty and keeps working after draining', () => {
    const queue = new PriorityQueue<string>((a, b) => a < b);
    expect(queue.pop()).toBeUndefined();
    queue.push('b');
    expect(queue.pop()).toBe('b');
    expect(queue.pop()).toBeUndefined();
    queue.push('c');
    queue.push('a');
    expect(queue.pop()).toBe('a');
  });

  it('interleaves pushes and pops correctly (checked against a sorted array)', () => {
    const queue = new PriorityQueue<number>((a, b) => a < b);
    const model: number[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 100;
    for (let step = 0; step < 500; step++) {
      if (next() < 60) {
        const v = next();
        queue.push(v);
        model.push(v);
        model.sort((a, b) => a - b);
      } else {
        expect(queue.pop()).toBe(model.shift());
      }
      expect(queue.size).toBe(model.length);
    }
  });
});
