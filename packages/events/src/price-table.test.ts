import { describe, expect, it } from 'vitest';
import { computeCostUsd, type ModelPrice } from './price-table.ts';
import type { Usage } from './usage.ts';

const million: Usage = {
  input_tokens: 1_000_000,
  output_tokens: 1_000_000,
  cache_creation_input_tokens: 1_000_000,
  cache_read_input_tokens: 1_000_000,
};

describe('computeCostUsd', () => {
  it('prices each kind of token at its own rate', () => {
    // claude-sonnet-4-5: 3 in + 15 out + 3.75 cache write + 0.30 cache read per million.
    expect(computeCostUsd('claude-sonnet-4-5', million)).toBeCloseTo(22.05, 10);
  });

  it('prices a small run', () => {
    const usage: Usage = {
      input_tokens: 1200,
      output_tokens: 300,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
    // gpt-4o-mini: 1200 × 0.15 + 300 × 0.60 per million.
    expect(computeCostUsd('gpt-4o-mini', usage)).toBeCloseTo(0.00036, 12);
  });

  it('costs nothing for no tokens', () => {
    const none: Usage = {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
    expect(computeCostUsd('gemini-2.5-flash', none)).toBe(0);
  });

  it.each([
    'claude-sonnet-4-5-20250929',
    'anthropic/claude-sonnet-4-5',
    'claude-sonnet-4-5@20250929',
    'Claude-Sonnet-4-5',
  ])('finds %s under its base id', (model) => {
    expect(computeCostUsd(model, million)).toBeCloseTo(22.05, 10);
  });

  it('strips an OpenAI-style release date', () => {
    expect(computeCostUsd('gpt-4o-2024-08-06', million)).toBe(computeCostUsd('gpt-4o', million));
  });

  it.each(['gpt-5-nano', 'llama-3-70b', '', 'constructor'])(
    'returns undefined for unknown model %j',
    (model) => {
      expect(computeCostUsd(model, million)).toBeUndefined();
    },
  );

  it('uses a table passed in instead of the built-in one', () => {
    const table: Record<string, ModelPrice> = {
      'local-model': { input: 1, output: 2, cacheWrite: 0, cacheRead: 0 },
    };
    expect(computeCostUsd('local-model', million, table)).toBe(3);
    expect(computeCostUsd('claude-sonnet-4-5', million, table)).toBeUndefined();
  });
});
