import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { columnTypesFor } from './column-types.ts';
import { migrations } from './index.ts';

describe.each(testDialects)('migration 0007-conversations on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('gives old runs and sessions the trigger their wake said, no author, and agents private', async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    const db = database.db.withoutPlugins() as Kysely<unknown>;
    const index = migrations.findIndex((step) => step.name === '0007-conversations');
    for (const step of migrations.slice(0, index)) await step.up(db, columnTypesFor(dialect), dialect);
    const at = '2026-03-01T10:00:00.000Z';
    await sql`insert into agents (id, org_id, name, created_by, adapter_type, adapter_config, status, created_at, updated_at)
      values ('agt_1', 'org_1', 'a', 'usr_1', 'pi', '{}', 'active', ${at}, ${at})`.execute(db);
    for (const [session, run, source] of [
      ['ses_beat', 'run_beat', 'heartbeat'],
      ['ses_api', 'run_api', 'message'],
      ['ses_none', 'run_none', null],
    ] as const) {
      await sql`insert into sessions (id, org_id, agent_id, harness, created_at, updated_at)
        values (${session}, 'org_1', 'agt_1', 'pi', ${at}, ${at})`.execute(db);
      if (source) {
        await sql`insert into wake_requests (id, org_id, agent_id, source, idempotency_key, payload, status, run_id, created_at)
          values (${`wak_${run}`}, 'org_1', 'agt_1', ${source}, ${run}, '{}', 'queued', ${run}, ${at})`.execute(
          db,
        );
      }
      await sql`insert into runs (id, org_id, agent_id, session_id, wake_id, status, prompt, timeout_sec, created_at)
        values (${run}, 'org_1', 'agt_1', ${session}, ${source ? `wak_${run}` : null}, 'succeeded', 'p', 60, ${at})`.execute(
        db,
      );
    }
    await sql`insert into sessions (id, org_id, agent_id, harness, created_at, updated_at)
      values ('ses_empty', 'org_1', 'agt_1', 'pi', ${at}, ${at})`.execute(db);

    await migrations[index]!.up(db, columnTypesFor(dialect), dialect);

    const runs = await sql<Record<string, unknown>>`
      select id, trigger_kind, trigger_by, trigger_by_name from runs order by id`.execute(db);
    expect(runs.rows).toEqual([
      { id: 'run_api', trigger_kind: 'user', trigger_by: null, trigger_by_name: null },
      { id: 'run_beat', trigger_kind: 'heartbeat', trigger_by: null, trigger_by_name: null },
      { id: 'run_none', trigger_kind: 'user', trigger_by: null, trigger_by_name: null },
    ]);
    const sessions = await sql<Record<string, unknown>>`
      select id, trigger_kind, author_id from sessions order by id`.execute(db);
    expect(sessions.rows).toEqual([
      { id: 'ses_api', trigger_kind: 'user', author_id: null },
      { id: 'ses_beat', trigger_kind: 'heartbeat', author_id: null },
      { id: 'ses_empty', trigger_kind: 'user', author_id: null },
      { id: 'ses_none', trigger_kind: 'user', author_id: null },
    ]);
    const agents = await sql<Record<string, unknown>>`select visibility from agents`.execute(db);
    expect(agents.rows).toEqual([{ visibility: 'private' }]);
  });
});
