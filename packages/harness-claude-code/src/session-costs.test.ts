import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelUsage as SdkModelUsage } from '@anthropic-ai/claude-agent-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeTotals, runShare, SessionTotalsStore, totalsOf } from './session-costs.ts';

function sdkUsage(overrides: Partial<SdkModelUsage>): SdkModelUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    webSearchRequests: 0,
    costUSD: 0,
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    costBasis: 'list',
    ...overrides,
  };
}

describe('runShare', () => {
  // The figures Claude Code reported for a first run and its resumed second run.
  const first = { 'claude-opus-5-5': sdkUsage({ inputTokens: 100, outputTokens: 10, costUSD: 0.0006 }) };
  const second = { 'claude-opus-5-5': sdkUsage({ inputTokens: 300, outputTokens: 30, costUSD: 0.0018 }) };

  it('subtracts what the session reported before, so a resumed run reports only itself', () => {
    const share = runShare(second, totalsOf(first));
    expect(share.usage).toEqual({
      input_tokens: 200,
      output_tokens: 20,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(share.total_cost_usd).toBe(0.0012);
    expect(share.cost_computed).toBe(false);
    expect(share.modelUsage['claude-opus-5-5']).toMatchObject({
      inputTokens: 200,
      outputTokens: 20,
      costUSD: 0.0012,
    });
  });

  it('takes the figures as they are when the history was not carried over', () => {
    const share = runShare(first, totalsOf(second));
    expect(share.usage.input_tokens).toBe(100);
    expect(share.total_cost_usd).toBe(0.0006);
  });

  it('leaves out models this run did not use', () => {
    const previous = totalsOf({ ...first, 'claude-haiku-4-5': sdkUsage({ inputTokens: 5, costUSD: 0.001 }) });
    const share = runShare(
      { ...second, 'claude-haiku-4-5': sdkUsage({ inputTokens: 5, costUSD: 0.001 }) },
      previous,
    );
    expect(Object.keys(share.modelUsage)).toEqual(['claude-opus-5-5']);
  });

  it('prices a model Claude Code could only guess from our table, and marks the cost computed', () => {
    const share = runShare(
      { 'gpt-4o': sdkUsage({ inputTokens: 1_000_000, costUSD: 99, costBasis: 'unknown' }) },
      {},
    );
    expect(share.total_cost_usd).toBe(2.5);
    expect(share.cost_computed).toBe(true);
    expect(share.modelUsage['gpt-4o']?.costUSD).toBe(2.5);
  });

  it('reports no cost rather than a guess for a model nobody can price', () => {
    const share = runShare(
      { 'mystery-1': sdkUsage({ inputTokens: 10, costUSD: 1, costBasis: 'unknown' }) },
      {},
    );
    expect(share.total_cost_usd).toBeNull();
    expect(share.modelUsage['mystery-1']?.costUSD).toBeNull();
  });
});

describe('mergeTotals', () => {
  it('keeps the larger totals, so a zeroed error result does not reset the session', () => {
    const before = totalsOf({ m: sdkUsage({ inputTokens: 300, costUSD: 0.5 }) });
    expect(mergeTotals(before, totalsOf({ m: sdkUsage({}) }))).toEqual(before);
    const after = totalsOf({ m: sdkUsage({ inputTokens: 400, costUSD: 0.7 }) });
    expect(mergeTotals(before, after)).toEqual(after);
  });
});

describe('SessionTotalsStore', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'session-totals-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reads back what it wrote, per session', async () => {
    const store = new SessionTotalsStore(dataDir);
    const totals = totalsOf({ m: sdkUsage({ inputTokens: 7, costUSD: 0.1 }) });
    await store.write('0b6c-session', totals);
    expect(await store.read('0b6c-session')).toEqual(totals);
    expect(await store.read('another')).toEqual({});
  });

  it('ignores ids that are not safe file names', async () => {
    const store = new SessionTotalsStore(dataDir);
    await store.write('../escape', totalsOf({ m: sdkUsage({ inputTokens: 1 }) }));
    expect(await store.read('../escape')).toEqual({});
  });
});
