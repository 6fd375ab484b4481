import type { Database, UsageRecord } from '@lifeosai/db';
import { emptyUsage, type ModelUsage, type ResultEvent, type Usage } from '@lifeosai/events';
import type { Kysely } from 'kysely';

/** A run's usage and cost, added up from the usage records the LLM proxy wrote. */
export interface RunUsage {
  usage: Usage;
  modelUsage: Record<string, ModelUsage>;
  /** Null when some tokens could be priced neither by the price table nor by the harness. */
  costUsd: number | null;
  /** True when some of the cost came from the platform's price table. */
  costComputed: boolean;
}

/**
 * The run's usage as the providers reported it on the wire — one source of truth for the
 * run's `usage`/`costUsd`, its `result` event, budgets and charts. Records of a model the
 * price table does not know are priced from the harness's own figure for that model when it
 * reported one (spread over the records by tokens), and stored so.
 */
export async function runUsage(
  db: Kysely<Database>,
  runId: string,
  harnessResult?: ResultEvent,
): Promise<RunUsage> {
  const records = await db.selectFrom('usageRecords').selectAll().where('runId', '=', runId).execute();
  await priceFromHarness(db, records, harnessResult);
  const totals: RunUsage = { usage: emptyUsage(), modelUsage: {}, costUsd: 0, costComputed: false };
  let unpriced = false;
  for (const record of records) {
    totals.usage.input_tokens += record.inputTokens;
    totals.usage.output_tokens += record.outputTokens;
    totals.usage.cache_read_input_tokens += record.cacheReadTokens;
    totals.usage.cache_creation_input_tokens += record.cacheWriteTokens;
    const model = totals.modelUsage[record.model] ?? {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      costUSD: 0,
    };
    totals.modelUsage[record.model] = model;
    model.inputTokens += record.inputTokens;
    model.outputTokens += record.outputTokens;
    model.cacheReadInputTokens += record.cacheReadTokens;
    model.cacheCreationInputTokens += record.cacheWriteTokens;
    model.costUSD = (model.costUSD ?? 0) + record.costUsd;
    totals.costUsd = (totals.costUsd ?? 0) + record.costUsd;
    totals.costComputed ||= record.costComputed;
    unpriced ||= isUnpriced(record);
  }
  if (unpriced) totals.costUsd = null;
  return totals;
}

const tokensOf = (record: UsageRecord) =>
  record.inputTokens + record.outputTokens + record.cacheReadTokens + record.cacheWriteTokens;

/** A record the price table could not price and nobody else did. */
const isUnpriced = (record: UsageRecord) =>
  !record.costComputed && record.costUsd === 0 && tokensOf(record) > 0;

async function priceFromHarness(
  db: Kysely<Database>,
  records: UsageRecord[],
  harnessResult: ResultEvent | undefined,
): Promise<void> {
  const byModel = Map.groupBy(records.filter(isUnpriced), (record) => record.model);
  for (const [model, unpriced] of byModel) {
    const reported = harnessResult?.modelUsage[model]?.costUSD;
    if (!reported) continue;
    const tokens = unpriced.reduce((sum, record) => sum + tokensOf(record), 0);
    for (const record of unpriced) {
      record.costUsd = (reported * tokensOf(record)) / tokens;
      await db
        .updateTable('usageRecords')
        .set({ costUsd: record.costUsd })
        .where('id', '=', record.id)
        .execute();
    }
  }
}
