import {
  type Database,
  hasUsageRecords,
  type Run,
  type RunUsage,
  recordUsage,
  type UsageRecord,
  unpricedUsageRecords,
  usageOfRuns,
} from '@lifeosai/db';
import { emptyUsage, type ResultEvent } from '@lifeosai/events';
import type { Kysely } from 'kysely';

/**
 * Completes the run's usage records at its end and returns their sum — what its `result`
 * event carries and what the run, the usage chart and budgets read. The LLM proxy's wire
 * figures win; the harness's own figures are never counted beside them:
 * - calls were metered: a model the price table does not know is priced from the harness's
 *   figure for that model, when it reported one (spread over the records by tokens);
 * - no call was metered (a harness that reached its model another way): the harness's
 *   result becomes the run's records, one per model it reported.
 */
export async function recordRunUsage(
  db: Kysely<Database>,
  run: Pick<Run, 'id' | 'orgId' | 'agentId'>,
  harnessResult?: ResultEvent,
): Promise<RunUsage> {
  if (await hasUsageRecords(db, run.id)) await priceFromHarness(db, run.id, harnessResult);
  else if (harnessResult) await recordHarnessFigures(db, run, harnessResult);
  const totals = await usageOfRuns(db, [run.id]);
  return totals.get(run.id) ?? { usage: emptyUsage(), modelUsage: {}, costUsd: 0, costComputed: false };
}

const tokensOf = (record: UsageRecord) =>
  record.inputTokens + record.outputTokens + record.cacheReadTokens + record.cacheWriteTokens;

async function priceFromHarness(
  db: Kysely<Database>,
  runId: string,
  harnessResult: ResultEvent | undefined,
): Promise<void> {
  if (!harnessResult) return;
  const byModel = Map.groupBy(await unpricedUsageRecords(db, runId), (record) => record.model);
  for (const [model, unpriced] of byModel) {
    const reported = harnessResult.modelUsage[model]?.costUSD;
    if (!reported) continue;
    const tokens = unpriced.reduce((sum, record) => sum + tokensOf(record), 0);
    for (const record of unpriced) {
      await db
        .updateTable('usageRecords')
        .set({ costUsd: (reported * tokensOf(record)) / tokens })
        .where('id', '=', record.id)
        .execute();
    }
  }
}

/**
 * The harness's figures as records: per model when it reported models, else one record of
 * its total. Which provider served them is not in a harness's result: `unknown`.
 */
async function recordHarnessFigures(
  db: Kysely<Database>,
  run: Pick<Run, 'id' | 'orgId' | 'agentId'>,
  result: ResultEvent,
): Promise<void> {
  const owner = { orgId: run.orgId, agentId: run.agentId, runId: run.id, provider: 'unknown' };
  const models = Object.entries(result.modelUsage);
  for (const [model, usage] of models) {
    await recordUsage(db, {
      ...owner,
      model,
      usage: {
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cache_read_input_tokens: usage.cacheReadInputTokens,
        cache_creation_input_tokens: usage.cacheCreationInputTokens,
      },
      harnessCostUsd: usage.costUSD,
    });
  }
  const { usage } = result;
  const spent =
    usage.input_tokens +
    usage.output_tokens +
    usage.cache_read_input_tokens +
    usage.cache_creation_input_tokens;
  if (models.length === 0 && (spent > 0 || (result.total_cost_usd ?? 0) > 0)) {
    await recordUsage(db, { ...owner, model: 'unknown', usage, harnessCostUsd: result.total_cost_usd });
  }
}
