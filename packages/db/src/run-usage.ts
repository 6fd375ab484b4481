import { computeCostUsd, emptyUsage, type ModelUsage, type Usage } from '@lifeosai/events';
import { type Kysely, sql } from 'kysely';
import { newId, nowIso } from './ids.ts';
import type { Database, UsageRecord } from './schema.ts';

/** A run's usage and cost: the sum of its usage records, the one record of what it spent. */
export interface RunUsage {
  /** Token counts over every model the run called. */
  usage: Usage;
  /** The same per model id. */
  modelUsage: Record<string, ModelUsage>;
  /** USD; null when some tokens could be priced neither by the price table nor by the harness. */
  costUsd: number | null;
  /** True when some of the cost came from the platform's price table. */
  costComputed: boolean;
}

/** What one metered call (or one model of a harness's own report) used. */
export interface UsageRecordInput {
  orgId: string;
  agentId: string;
  runId: string;
  /** The provider the call went to (`anthropic`, `openai`, `google`). */
  provider: string;
  model: string;
  usage: Usage;
  /**
   * The harness's own price for these tokens. Absent: priced from the platform's price table
   * (`costComputed`), or stored at 0 unpriced when the table does not know the model.
   */
  harnessCostUsd?: number | null;
}

const tokensOf = sql<number>`(${sql.ref('inputTokens')} + ${sql.ref('outputTokens')} + ${sql.ref('cacheReadTokens')} + ${sql.ref('cacheWriteTokens')})`;

/** A record nobody could price: no table price, no harness figure, tokens spent. */
const unpriced = sql<boolean>`(not ${sql.ref('costComputed')} and ${sql.ref('costUsd')} = 0 and ${tokensOf} > 0)`;

/** Stores one usage record; the price table wins over a harness's figure when it knows the model. */
export async function recordUsage(db: Kysely<Database>, input: UsageRecordInput): Promise<void> {
  const tableCost = computeCostUsd(input.model, input.usage);
  await db
    .insertInto('usageRecords')
    .values({
      id: newId('use'),
      orgId: input.orgId,
      agentId: input.agentId,
      runId: input.runId,
      provider: input.provider,
      model: input.model,
      inputTokens: input.usage.input_tokens,
      outputTokens: input.usage.output_tokens,
      cacheReadTokens: input.usage.cache_read_input_tokens,
      cacheWriteTokens: input.usage.cache_creation_input_tokens,
      costUsd: tableCost ?? input.harnessCostUsd ?? 0,
      costComputed: tableCost !== undefined,
      createdAt: nowIso(),
    })
    .execute();
}

/** The run's records nobody could price yet (see `unpriced`), for the harness's figures to fill in. */
export function unpricedUsageRecords(db: Kysely<Database>, runId: string): Promise<UsageRecord[]> {
  return db.selectFrom('usageRecords').selectAll().where('runId', '=', runId).where(unpriced).execute();
}

/** Whether any call of the run was metered (or its harness's figures recorded). */
export async function hasUsageRecords(db: Kysely<Database>, runId: string): Promise<boolean> {
  const row = await db.selectFrom('usageRecords').select('id').where('runId', '=', runId).executeTakeFirst();
  return row !== undefined;
}

/**
 * The usage of each run, added up by the database per (run, model): the rows read are bounded
 * by runs × models, not by calls. Runs without any record are absent from the map.
 */
export async function usageOfRuns(
  db: Kysely<Database>,
  runIds: readonly string[],
): Promise<Map<string, RunUsage>> {
  const totals = new Map<string, RunUsage>();
  if (runIds.length === 0) return totals;
  // Aliases stay off the normalised column names (`costComputed` would turn into a boolean).
  const rows = await db
    .selectFrom('usageRecords')
    .select((eb) => [
      'runId',
      'model',
      eb.fn.sum<number>('inputTokens').as('input'),
      eb.fn.sum<number>('outputTokens').as('output'),
      eb.fn.sum<number>('cacheReadTokens').as('cacheRead'),
      eb.fn.sum<number>('cacheWriteTokens').as('cacheWrite'),
      eb.fn.sum<number>('costUsd').as('cost'),
      sql<number>`sum(case when ${sql.ref('costComputed')} then 1 else 0 end)`.as('pricedByTable'),
      sql<number>`sum(case when ${unpriced} then 1 else 0 end)`.as('unpricedRecords'),
    ])
    .where('runId', 'in', runIds)
    .groupBy(['runId', 'model'])
    .orderBy('model')
    .execute();
  const unpricedRuns = new Set<string>();
  for (const row of rows) {
    const run = totals.get(row.runId) ?? {
      usage: emptyUsage(),
      modelUsage: {},
      costUsd: 0,
      costComputed: false,
    };
    totals.set(row.runId, run);
    const model: ModelUsage = {
      inputTokens: Number(row.input),
      outputTokens: Number(row.output),
      cacheReadInputTokens: Number(row.cacheRead),
      cacheCreationInputTokens: Number(row.cacheWrite),
      costUSD: Number(row.cost),
    };
    run.modelUsage[row.model] = model;
    run.usage.input_tokens += model.inputTokens;
    run.usage.output_tokens += model.outputTokens;
    run.usage.cache_read_input_tokens += model.cacheReadInputTokens;
    run.usage.cache_creation_input_tokens += model.cacheCreationInputTokens;
    run.costUsd = (run.costUsd ?? 0) + (model.costUSD ?? 0);
    run.costComputed ||= Number(row.pricedByTable) > 0;
    if (Number(row.unpricedRecords) > 0) unpricedRuns.add(row.runId);
  }
  for (const runId of unpricedRuns) totals.get(runId)!.costUsd = null;
  return totals;
}
