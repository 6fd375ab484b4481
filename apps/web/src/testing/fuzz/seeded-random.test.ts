import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.ts';

describe('the seeded random source', () => {
  it('repeats itself for the same seed, and differs for another', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.int(0, 1_000_000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('samples at most the budget, distinct items in their order, the same for the same seed', () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    const sample = new SeededRandom(42).sample(items, 10);
    expect(sample).toHaveLength(10);
    expect(new Set(sample).size).toBe(10);
    expect(sample).toEqual([...sample].sort((left, right) => left - right));
    expect(new SeededRandom(42).sample(items, 10)).toEqual(sample);
    expect(new SeededRandom(43).sample(items, 10)).not.toEqual(sample);
  });

  it('keeps everything when the budget is not reached', () => {
    expect(new SeededRandom(1).sample(['a', 'b'], 5)).toEqual(['a', 'b']);
  });
});
