import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUsage, unpricedUsageRecords, usageOfRuns } from './run-usage.ts';
import type { Database } from './schema.ts';
import { seedAgentWithSession } from './test-seeds.ts';
import { usageByDay } from './usage.ts';

const owner = { orgId: 'org_1', agentId: 'agt_1' };
const tokens = (input: number, output: number, cacheRead = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: cacheRead,
  cache_creation_input_tokens: 0,
});

describe.each(testDialects)("a run's usage records on %s", (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await seedRuns(database.db, ['run_a', 'run_b', 'run_c']);
    const { db } = database;
    // run_a: two calls on one priced model, one on a model no table knows.
    await recordUsage(db, {
      ...owner,
      runId: 'run_a',
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      usage: tokens(1_000_000, 0),
    });
    await recordUsage(db, {
      ...owner,
      runId: 'run_a',
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      usage: tokens(0, 1_000_000, 10),
    });
    await recordUsage(db, {
      ...owner,
      runId: 'run_a',
      provider: 'openai',
      model: 'house-model',
      usage: tokens(5, 5),
    });
    // run_b: a harness's own price for a model the table does not know.
    await recordUsage(db, {
      ...owner,
      runId: 'run_b',
      provider: 'openai',
      model: 'house-model',
      usage: tokens(5, 5),
      harnessCostUsd: 0.5,
    });
  });
  afterAll(() => database.cleanup());

  it('adds up each run per model, priced by the table, and null when some tokens are unpriced', async () => {
    const totals = await usageOfRuns(database.db, ['run_a', 'run_b', 'run_c']);
    expect(totals.get('run_a')).toEqual({
      usage: {
        input_tokens: 1_000_005,
        output_tokens: 1_000_005,
        cache_read_input_tokens: 10,
        cache_creation_input_tokens: 0,
      },
      modelUsage: {
        'claude-sonnet-4-6': {
          inputTokens: 1_000_000,
          outputTokens: 1_000_000,
          cacheReadInputTokens: 10,
          cacheCreationInputTokens: 0,
          costUSD: expect.closeTo(18.000003, 9),
        },
        'house-model': {
          inputTokens: 5,
          outputTokens: 5,
          cacheReadInputTokens: 0,
          cacheCreationInputTokens: 0,
          costUSD: 0,
        },
      },
      costUsd: null,
      costComputed: true,
    });
    expect(totals.get('run_b')).toMatchObject({ costUsd: 0.5, costComputed: false });
    expect(totals.has('run_c')).toBe(false);
    expect((await unpricedUsageRecords(database.db, 'run_a')).map((record) => record.model)).toEqual([
      'house-model',
    ]);
    expect(await unpricedUsageRecords(database.db, 'run_b')).toEqual([]);
  });

  it('gives the chart the same spend the runs add up to', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const chart = await usageByDay(database.db, { orgId: 'org_1', from: today, to: today });
    const totals = await usageOfRuns(database.db, ['run_a', 'run_b']);
    const runCost = [...totals.values()].reduce(
      (sum, run) => sum + Object.values(run.modelUsage).reduce((of, model) => of + (model.costUSD ?? 0), 0),
      0,
    );
    expect(chart.totals).toEqual({
      runs: 3,
      costUsd: expect.closeTo(runCost, 9),
      inputTokens: 1_000_010,
      outputTokens: 1_000_010,
    });
  });
});

async function seedRuns(db: Kysely<Database>, runIds: string[]): Promise<void> {
  const now = new Date().toISOString();
  await seedAgentWithSession(db, { id: owner.agentId, orgId: owner.orgId }, 'ses_1');
  await db
    .insertInto('runs')
    .values(
      runIds.map((id) => ({
        id,
        ...owner,
        sessionId: 'ses_1',
        status: 'succeeded' as const,
        prompt: 'p',
        timeoutSec: 60,
        createdAt: now,
      })),
    )
    .execute();
}
