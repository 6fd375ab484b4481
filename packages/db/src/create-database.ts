import { CamelCasePlugin, type Dialect, Kysely, PostgresDialect } from 'kysely';
import { migrateToLatest } from './migrate.ts';
import type { DialectName } from './migrations/column-types.ts';
import { NormalizeValuesPlugin, postgresTypeParsers } from './normalize.ts';
import { loadPg } from './pg-driver.ts';
import { namingClient } from './prepared-statements.ts';
import type { Database } from './schema.ts';
import { NodeSqliteDialect } from './sqlite/node-sqlite-dialect.ts';

export type DatabaseTarget =
  | {
      dialect: 'sqlite';
      /** Database file (created if missing), or `:memory:`. */
      path: string;
      busyTimeoutMs?: number;
    }
  | {
      dialect: 'postgres';
      /** `postgres://…` connection string. */
      url: string;
      /** Pool size (default 10). */
      maxConnections?: number;
    };

/** An open database: the typed query builder plus what callers need around it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Closes every connection. Idempotent. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Run migrations before returning (default true: services migrate at start). */
  migrate?: boolean;
}

/** The Kysely dialect for a target: our SQLite driver, or a Postgres pool with our type parsers. */
async function createDialect(target: DatabaseTarget): Promise<Dialect> {
  if (target.dialect === 'sqlite') {
    return new NodeSqliteDialect({ path: target.path, busyTimeoutMs: target.busyTimeoutMs });
  }
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.maxConnections ?? 10,
    types: postgresTypeParsers(pg),
    // The hot path's statements by name: parsed and planned once per connection.
    Client: namingClient(pg),
  });
  // An idle client can fail (server restart, failover, admin termination). The pool drops
  // it and the next query opens a new one; without a listener Node would crash the service.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}

export async function openDatabase(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  const dialect = await createDialect(target);
  const db = new Kysely<Database>({
    dialect,
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true }), new NormalizeValuesPlugin()],
  });
  let closed = false;
  const handle: DatabaseHandle = {
    db,
    dialect: target.dialect,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(db as unknown as Kysely<unknown>, target.dialect);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}
