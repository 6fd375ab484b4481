import { emptyUsage, type Usage } from '@lifeosai/events';
import { describe, expect, it } from 'vitest';
import { UsageTally } from './usage-tally.ts';

const tokens = (input: number, output: number): Usage => ({
  ...emptyUsage(),
  input_tokens: input,
  output_tokens: output,
});

describe('UsageTally', () => {
  it('sums per model and prices from the table when the runtime gave no price', () => {
    const tally = new UsageTally();
    tally.add('claude-sonnet-4-5', tokens(1000, 100));
    tally.add('claude-sonnet-4-5', tokens(1000, 100));
    const totals = tally.totals();
    expect(totals.usage).toMatchObject({ input_tokens: 2000, output_tokens: 200 });
    expect(totals.modelUsage['claude-sonnet-4-5']).toMatchObject({ inputTokens: 2000, outputTokens: 200 });
    expect(totals.totalCostUsd).toBeCloseTo((2000 * 3 + 200 * 15) / 1_000_000, 12);
    expect(totals.costComputed).toBe(true);
  });

  it("keeps the runtime's own price where it has one", () => {
    const tally = new UsageTally();
    tally.add('claude-sonnet-4-5', tokens(10, 10), 0.5);
    expect(tally.totals()).toMatchObject({ totalCostUsd: 0.5, costComputed: false });
  });

  it('calls the total unknown when a model with tokens has no price, never a smaller number', () => {
    const tally = new UsageTally();
    tally.add('claude-sonnet-4-5', tokens(10, 10));
    tally.add('some-local-model', tokens(10, 10));
    const totals = tally.totals();
    expect(totals.totalCostUsd).toBeNull();
    expect(totals.modelUsage['some-local-model']?.costUSD).toBeNull();
  });

  it('says a run that reached no model (or used no tokens) cost nothing', () => {
    expect(new UsageTally().totals()).toEqual({
      usage: emptyUsage(),
      modelUsage: {},
      totalCostUsd: 0,
      costComputed: false,
    });
    const tally = new UsageTally();
    tally.add('some-local-model', emptyUsage());
    expect(tally.totals()).toMatchObject({ totalCostUsd: 0, costComputed: false });
  });
});
