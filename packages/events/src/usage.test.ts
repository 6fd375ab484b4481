import { describe, expect, it } from 'vitest';
import { addUsage, emptyUsage, type Usage } from './usage.ts';

describe('usage aggregation', () => {
  it('starts from zero', () => {
    expect(emptyUsage()).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it('sums increments field by field without changing its arguments', () => {
    const first: Usage = {
      input_tokens: 10,
      output_tokens: 4,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 0,
    };
    const second: Usage = {
      input_tokens: 2,
      output_tokens: 7,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 100,
    };
    const total = [first, second].reduce(addUsage, emptyUsage());
    expect(total).toEqual({
      input_tokens: 12,
      output_tokens: 11,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 100,
    });
    expect(first.input_tokens).toBe(10);
  });

  it('returns a fresh object each time', () => {
    const zero = emptyUsage();
    zero.input_tokens = 5;
    expect(emptyUsage().input_tokens).toBe(0);
  });
});
