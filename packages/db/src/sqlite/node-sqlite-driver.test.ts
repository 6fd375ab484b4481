import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../create-database.ts';

let directory: string;
const handles: DatabaseHandle[] = [];
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeosai-sqlite-driver-'));
});
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
  await rm(directory, { recursive: true, force: true });
});

async function open(path: string): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dialect: 'sqlite', path }, { migrate: false });
  handles.push(handle);
  return handle;
}

// Two handles on one file in one thread (local mode's services share a process): a transaction
// held across an await while the other handle writes used to freeze the thread for the busy
// timeout (10 s), then fail with "database is locked".
it('refuses at once a write through another handle of this thread while a transaction is open, and lets reads through', async () => {
  const path = join(directory, 'shared.db');
  const first = await open(path);
  const second = await open(path);
  await sql`create table notes (body text not null)`.execute(first.db);

  const seen: string[] = [];
  await first.db.transaction().execute(async (trx) => {
    await sql`insert into notes (body) values ('inside')`.execute(trx);
    const started = performance.now();
    await expect(sql`insert into notes (body) values ('other')`.execute(second.db)).rejects.toThrow(
      /another connection in this thread holds a transaction open on .*shared\.db across an await/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    // A reader does not wait in WAL mode: it sees what was committed before.
    seen.push(
      ...(await sql<{ body: string }>`select body from notes`.execute(second.db)).rows.map((row) => row.body),
    );
    // Nor does a copy (what a backup takes).
    await sql`vacuum into ${join(directory, 'copy.db')}`.execute(second.db);
    // Kysely's own writes are refused as raw ones are (before the statement is even prepared).
    await expect(second.db.updateTable('agents').set({ name: 'x' }).execute()).rejects.toThrow(
      /another connection in this thread holds a transaction open/,
    );
    await sql`insert into notes (body) values ('still inside')`.execute(trx);
  });
  expect(seen).toEqual([]);

  // Once the transaction ended, the other handle writes as before.
  await sql`insert into notes (body) values ('after')`.execute(second.db);
  const rows = await sql<{ body: string }>`select body from notes order by rowid`.execute(first.db);
  expect(rows.rows.map((row) => row.body)).toEqual(['inside', 'still inside', 'after']);
});

it('forgets a transaction that rolled back, and does not hold handles of other files back', async () => {
  const first = await open(join(directory, 'one.db'));
  const second = await open(join(directory, 'one.db'));
  const other = await open(join(directory, 'two.db'));
  await sql`create table notes (body text not null)`.execute(first.db);
  await sql`create table notes (body text not null)`.execute(other.db);

  await expect(
    first.db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('rolled back')`.execute(trx);
      // Another file is another lock.
      await sql`insert into notes (body) values ('elsewhere')`.execute(other.db);
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');

  await sql`insert into notes (body) values ('after')`.execute(second.db);
  expect((await sql<{ body: string }>`select body from notes`.execute(first.db)).rows).toEqual([
    { body: 'after' },
  ]);
  expect((await sql<{ body: string }>`select body from notes`.execute(other.db)).rows).toEqual([
    { body: 'elsewhere' },
  ]);
});
