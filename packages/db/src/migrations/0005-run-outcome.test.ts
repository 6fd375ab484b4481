import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { columnTypesFor } from './column-types.ts';
import { migrations } from './index.ts';

describe.each(testDialects)('migration 0005-run-outcome on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it("keeps a run's figures that no usage record held as one record, then drops the run's copies", async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    const db = database.db.withoutPlugins() as Kysely<unknown>;
    const index = migrations.findIndex((step) => step.name === '0005-run-outcome');
    for (const step of migrations.slice(0, index)) await step.up(db, columnTypesFor(dialect), dialect);
    const at = '2026-03-01T10:00:00.000Z';
    await sql`insert into agents (id, org_id, name, created_by, adapter_type, adapter_config, status, created_at, updated_at)
      values ('agt_1', 'org_1', 'a', 'usr_1', 'pi', '{}', 'active', ${at}, ${at})`.execute(db);
    await sql`insert into sessions (id, org_id, agent_id, harness, created_at, updated_at)
      values ('ses_1', 'org_1', 'agt_1', 'pi', ${at}, ${at})`.execute(db);
    const run = (id: string, usage: string | null, cost: number | null) =>
      sql`insert into runs (id, org_id, agent_id, session_id, status, prompt, timeout_sec, usage, cost_usd, created_at, finished_at)
        values (${id}, 'org_1', 'agt_1', 'ses_1', 'succeeded', 'p', 60, ${usage}, ${cost}, ${at}, ${at})`.execute(
        db,
      );
    await run(
      'run_old',
      JSON.stringify({ input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 2 }),
      0.25,
    );
    await run('run_recorded', JSON.stringify({ input_tokens: 1, output_tokens: 1 }), 0.01);
    await run('run_queued', null, null);
    await sql`insert into usage_records (id, org_id, agent_id, run_id, provider, model, cost_usd, created_at)
      values ('use_1', 'org_1', 'agt_1', 'run_recorded', 'anthropic', 'claude-sonnet-4-6', 0.01, ${at})`.execute(
      db,
    );

    await migrations[index]!.up(db, columnTypesFor(dialect), dialect);

    const { rows } = await sql<Record<string, unknown>>`
      select run_id, provider, model, input_tokens, output_tokens, cache_read_tokens, cost_usd
      from usage_records order by run_id`.execute(db);
    expect(
      rows.map((row) => ({
        ...row,
        input_tokens: Number(row.input_tokens),
        output_tokens: Number(row.output_tokens),
        cache_read_tokens: Number(row.cache_read_tokens),
      })),
    ).toEqual([
      {
        run_id: 'run_old',
        provider: 'unknown',
        model: 'unknown',
        input_tokens: 12,
        output_tokens: 3,
        cache_read_tokens: 2,
        cost_usd: 0.25,
      },
      {
        run_id: 'run_recorded',
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        input_tokens: 0,
        output_tokens: 0,
        cache_read_tokens: 0,
        cost_usd: 0.01,
      },
    ]);
    const columns = (await database.db.introspection.getTables()).find(
      (table) => table.name === 'runs',
    )!.columns;
    expect(columns.map((column) => column.name)).not.toEqual(expect.arrayContaining(['usage']));
    expect(columns.map((column) => column.name).filter((name) => /usage|cost/.test(name))).toEqual([]);
  });
});
