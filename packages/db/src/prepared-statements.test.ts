import { createTestDatabase } from '@lifeosai/testkit/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { namingClient, preparedOnPostgres } from './prepared-statements.ts';

describe('statements sent by name on Postgres', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase(inject('postgresAdminUrl'));
    // One connection, so what it prepared can be read back on it.
    pool = new pg.Pool({ connectionString: database.url, max: 1, Client: namingClient(pg) });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** The named statements of the pool's one connection, with how often each ran. */
  const prepared = async () =>
    (
      await pool.query<{ statement: string; calls: string }>(
        'select statement, generic_plans + custom_plans as calls from pg_prepared_statements',
      )
    ).rows.map((row) => ({ statement: row.statement, calls: Number(row.calls) }));

  it('sends a registered text by name however it is called, and anything else as it came', async () => {
    const text = preparedOnPostgres('select $1::int + $2::int as sum');
    const other = 'select $1::int * $2::int as product';
    // A Pool's query (it hands the client a callback), a client's (as Kysely calls it), a callback.
    expect((await pool.query(text, [1, 2])).rows).toEqual([{ sum: 3 }]);
    const client = await pool.connect();
    try {
      expect((await client.query(text, [3, 4])).rows).toEqual([{ sum: 7 }]);
      const viaCallback = await new Promise((resolve, reject) =>
        client.query(text, [5, 6], (error, result) => (error ? reject(error) : resolve(result.rows))),
      );
      expect(viaCallback).toEqual([{ sum: 11 }]);
      expect((await client.query(other, [2, 5])).rows).toEqual([{ product: 10 }]);
      expect((await client.query({ text: other, values: [3, 3] })).rows).toEqual([{ product: 9 }]);
    } finally {
      client.release();
    }
    expect(await prepared()).toEqual([{ statement: text, calls: 3 }]);
    // Registering again keeps its name: still one statement on the connection.
    preparedOnPostgres(text);
    await pool.query(text, [0, 0]);
    expect(await prepared()).toEqual([{ statement: text, calls: 4 }]);
  });

  it('reports a failing named statement as pg does, and the connection goes on', async () => {
    const text = preparedOnPostgres('select 1 / $1::int as quotient');
    await expect(pool.query(text, [0])).rejects.toThrow(/division by zero/);
    expect((await pool.query(text, [1])).rows).toEqual([{ quotient: 1 }]);
  });
});
