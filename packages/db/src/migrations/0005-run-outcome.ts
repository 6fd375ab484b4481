import { type Kysely, sql } from 'kysely';
import { newId } from '../ids.ts';

interface LegacyRunUsage {
  id: string;
  org_id: string;
  agent_id: string;
  usage: string | Record<string, unknown> | null;
  cost_usd: number | null;
  cost_computed: boolean | number;
  finished_at: string | Date | null;
  created_at: string | Date;
}

/**
 * One run outcome: a run's usage and cost live only in `usage_records` (the LLM proxy's wire
 * figures, or the harness's when no call was metered), and everything — the run, the usage
 * chart, budgets — adds them up. The run's own copies (`usage`, `cost_usd`, `cost_computed`)
 * go; a run that carried figures without any usage record keeps them as one record (provider
 * and model `unknown`: nothing older said which). Runs are now added up by `run_id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<LegacyRunUsage>`
    select id, org_id, agent_id, usage, cost_usd, cost_computed, finished_at, created_at from runs
    where (usage is not null or cost_usd is not null)
      and not exists (select 1 from usage_records where usage_records.run_id = runs.id)`.execute(db);
  for (const run of rows) {
    const usage = (typeof run.usage === 'string' ? JSON.parse(run.usage) : run.usage) ?? {};
    const count = (key: string) =>
      Number.isFinite(Number(usage[key])) ? Math.max(0, Number(usage[key])) : 0;
    const at = run.finished_at ?? run.created_at;
    await sql`
      insert into usage_records (id, org_id, agent_id, run_id, provider, model, input_tokens,
        output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, cost_computed, created_at)
      values (${newId('use')}, ${run.org_id}, ${run.agent_id}, ${run.id}, 'unknown', 'unknown',
        ${count('input_tokens')}, ${count('output_tokens')}, ${count('cache_read_input_tokens')},
        ${count('cache_creation_input_tokens')}, ${run.cost_usd ?? 0}, ${run.cost_computed},
        ${at instanceof Date ? at.toISOString() : at})`.execute(db);
  }
  for (const column of ['usage', 'cost_usd', 'cost_computed']) {
    await db.schema.alterTable('runs').dropColumn(column).execute();
  }
  await db.schema.createIndex('usage_records_run_idx').on('usage_records').columns(['run_id']).execute();
}
