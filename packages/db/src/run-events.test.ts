import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendRunEvents, lastRunEventSeq, listRunEvents, type RunEventInput } from './run-events.ts';
import { seedAgentWithSession } from './test-seeds.ts';

describe.each(testDialects)('run events on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const now = new Date().toISOString();
    const { db } = database;
    await seedAgentWithSession(db, { id: 'agt_e', orgId: 'org_1' }, 'ses_e');
    await db
      .insertInto('runs')
      .values({
        id: 'run_e',
        orgId: 'org_1',
        agentId: 'agt_e',
        sessionId: 'ses_e',
        status: 'running',
        prompt: 'p',
        timeoutSec: 60,
        createdAt: now,
      })
      .execute();
  });
  afterAll(() => database.cleanup());

  const events = (from: number, count: number): RunEventInput[] =>
    Array.from({ length: count }, (_, index) => ({
      runId: 'run_e',
      seq: from + index,
      type: 'stream_event',
      ts: new Date(1_700_000_000_000 + index).toISOString(),
      data: { seq: from + index, type: 'stream_event', text: `token ${from + index} "quoted" ✓` },
    }));

  it('appends batches larger than one statement and pages them back in order', async () => {
    await appendRunEvents(database.db, events(1, 1234));
    const firstPage = await listRunEvents(database.db, 'run_e', { limit: 1000 });
    expect(firstPage).toHaveLength(1000);
    expect(firstPage[0]).toEqual({
      runId: 'run_e',
      seq: 1,
      type: 'stream_event',
      ts: '2023-11-14T22:13:20.000Z',
      data: { seq: 1, type: 'stream_event', text: 'token 1 "quoted" ✓' },
    });
    const rest = await listRunEvents(database.db, 'run_e', { after: 1000, limit: 1000 });
    expect(rest.map((event) => event.seq)).toEqual(Array.from({ length: 234 }, (_, index) => 1001 + index));
  });

  it('refuses a seq that is already stored, and keeps nothing of the failed batch', async () => {
    await expect(appendRunEvents(database.db, events(1235, 2).concat(events(5, 1)))).rejects.toThrow();
    const tail = await listRunEvents(database.db, 'run_e', { after: 1234 });
    expect(tail).toEqual([]);
    expect(await lastRunEventSeq(database.db, 'run_e')).toBe(1234);
    expect(await lastRunEventSeq(database.db, 'run_missing')).toBe(0);
  });

  it('writes a streamed batch without waiting for the disk, leaving the connection as it was', async () => {
    // One connection throughout, set to wait for the disk (the test server's default is not to).
    await database.db.connection().execute(async (connection) => {
      if (dialect === 'postgres') await sql`set synchronous_commit = on`.execute(connection);
      await appendRunEvents(connection, events(1235, 600), { durable: false });
      await expect(
        appendRunEvents(connection, events(1835, 1).concat(events(1, 1)), { durable: false }),
      ).rejects.toThrow();
      expect((await listRunEvents(connection, 'run_e', { after: 1234 })).map((event) => event.seq)).toEqual(
        Array.from({ length: 600 }, (_, index) => 1235 + index),
      );
      if (dialect === 'postgres') {
        const { rows } = await sql<{
          mode: string;
        }>`select current_setting('synchronous_commit') as mode`.execute(connection);
        expect(rows[0]!.mode).toBe('on');
      }
    });
  });

  it.runIf(dialect === 'postgres')(
    'sends the usual batch sizes by name, so a connection has Postgres parse them once',
    async () => {
      await database.db.connection().execute(async (connection) => {
        // This connection's named statements of the event INSERT, by rows and commit mode, with
        // how often Postgres executed each.
        const prepared = async () => {
          const { rows } = await sql<{ statement: string; calls: string }>`
            select statement, generic_plans + custom_plans as calls from pg_prepared_statements
            where name like 'lifeosai_%' and statement like '%run_events%'`.execute(connection);
          return new Map(
            rows.map((row) => [
              `${row.statement.match(/\(\$\d+, \$\d+, \$\d+, \$\d+, \$\d+\)/g)?.length} rows${row.statement.includes('synchronous_commit') ? ', streamed' : ''}`,
              Number(row.calls),
            ]),
          );
        };
        const before = await prepared();
        await appendRunEvents(connection, events(2000, 3), { durable: false });
        await appendRunEvents(connection, events(2003, 3), { durable: false });
        await appendRunEvents(connection, events(2006, 3));
        // A long batch is rare: parsed each time, not kept on the connection.
        await appendRunEvents(connection, events(2009, 40), { durable: false });
        const after = await prepared();
        expect(after.get('3 rows, streamed')).toBe((before.get('3 rows, streamed') ?? 0) + 2);
        expect(after.get('3 rows')).toBe((before.get('3 rows') ?? 0) + 1);
        expect(after.has('40 rows, streamed')).toBe(false);
        expect((await listRunEvents(connection, 'run_e', { after: 1999 })).map((event) => event.seq)).toEqual(
          Array.from({ length: 49 }, (_, index) => 2000 + index),
        );
      });
    },
  );
});
