import { recordUsage } from '@lifeosai/db';
import { emptyUsage, type ResultEvent } from '@lifeosai/events';
import { testDialects } from '@lifeosai/testkit/databases';
import { text } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthToDateCostUsd } from '../domain/budget.ts';
import { recordsOf, usageRecords } from '../llm-proxy/test-support.ts';
import { seedAgent, seedRuns } from '../testing/seed.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { recordRunUsage } from './run-usage.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** A run's outcome is recorded once, as usage records; the run, the chart and the budget read them. */
describe.each(testDialects)('one run outcome on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
  }, 60_000);
  afterAll(() => platform?.close());

  it('records a run through the proxy once, with the real provider and model, and every reader agrees', async () => {
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        name: 'outcome',
        adapterType: 'pi',
        adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
        limits: { monthlyBudgetUsd: 100 },
      })
    ).body;
    platform.fake.on(
      (call) => call.lastUserText.includes('outcome-once'),
      text('Once.', { usage: { inputTokens: 2_000, outputTokens: 300 } }),
    );
    const started = await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, {
      prompt: 'outcome-once',
    });
    const events = await platform.streamRun(started.body.id);
    const run = await platform.waitForRun(started.body.id);

    // One model call, one record: the proxy's, naming who served it. The harness's own report
    // of the same call is not recorded beside it.
    const records = await recordsOf(platform, run.id);
    expect(records).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        model: expect.stringMatching(/^claude-sonnet-4-6/),
        inputTokens: 2_000,
        outputTokens: 300,
        costComputed: true,
      }),
    ]);
    const cost = records[0]!.costUsd;
    expect(cost).toBeCloseTo((2_000 * 3 + 300 * 15) / 1_000_000, 10);

    // The run, its result event, the chart and the budget all say the same.
    expect(run).toMatchObject({ status: 'succeeded', costUsd: cost, costComputed: true });
    expect(run.usage).toMatchObject({ input_tokens: 2_000, output_tokens: 300 });
    expect(events.at(-1)).toMatchObject({ type: 'result', total_cost_usd: cost, usage: run.usage });
    const chart = await platform.call(
      'GET',
      `/api/agent/usage?from=${today()}&to=${today()}&agentId=${agent.id}`,
    );
    expect(chart.body.totals).toEqual({ runs: 1, costUsd: cost, inputTokens: 2_000, outputTokens: 300 });
    expect(await monthToDateCostUsd(platform.database.db, agent.id)).toBe(chart.body.totals.costUsd);
    const listed = await platform.call('GET', `/api/agent/runs?agentId=${agent.id}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: run.id, costUsd: cost, usage: run.usage }),
    ]);
  }, 120_000);

  describe('at the end of a run', () => {
    const harnessResult = (modelUsage: ResultEvent['modelUsage'], usage = emptyUsage()): ResultEvent => ({
      type: 'result',
      subtype: 'success',
      is_error: false,
      usage,
      modelUsage,
      total_cost_usd: Object.values(modelUsage).reduce((sum, model) => sum + (model.costUSD ?? 0), 0),
      cost_computed: false,
      num_turns: 1,
      duration_ms: 10,
    });
    const model = (inputTokens: number, costUSD: number | null) => ({
      inputTokens,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      costUSD,
    });

    it("records the harness's figures when no call was metered", async () => {
      const { db } = platform.database;
      const seeded = await seedAgent(db, { orgId: alice.orgId });
      const [runId] = await seedRuns(db, seeded, 1, { status: 'running' });
      const run = { id: runId!, orgId: seeded.orgId, agentId: seeded.agentId };
      const totals = await recordRunUsage(db, run, harnessResult({ 'house-model': model(40, 0.02) }));
      expect(totals).toMatchObject({ costUsd: 0.02, costComputed: false, usage: { input_tokens: 40 } });
      expect(await usageRecords(db, runId!)).toEqual([
        expect.objectContaining({
          model: 'house-model',
          inputTokens: 40,
          costUsd: 0.02,
          costComputed: false,
        }),
      ]);
    });

    it("never adds the harness's figures to metered calls: it only prices what the table could not", async () => {
      const { db } = platform.database;
      const seeded = await seedAgent(db, { orgId: alice.orgId });
      const [runId] = await seedRuns(db, seeded, 1, { status: 'running' });
      const run = { id: runId!, orgId: seeded.orgId, agentId: seeded.agentId };
      const wire = { ...emptyUsage(), input_tokens: 10 };
      await recordUsage(db, { ...run, runId: run.id, provider: 'openai', model: 'house-model', usage: wire });
      await recordUsage(db, { ...run, runId: run.id, provider: 'openai', model: 'house-model', usage: wire });
      const totals = await recordRunUsage(
        db,
        run,
        harnessResult({ 'house-model': model(999, 0.5) }, { ...emptyUsage(), input_tokens: 999 }),
      );
      expect(totals.usage.input_tokens).toBe(20);
      expect(totals.costUsd).toBeCloseTo(0.5, 10);
      expect((await usageRecords(db, runId!)).map((record) => record.costUsd)).toEqual([0.25, 0.25]);
    });
  });
});
