import {
  type Database,
  type DatabaseHandle,
  type DatabaseTarget,
  loadPg,
  migrateToLatest,
  openDatabase,
} from '@lifeosai/db';
import type { AuthTables } from '@lifeosai/identity';
import { Kysely, PostgresDialect, sql } from 'kysely';

/** better-auth's own tables live in the platform database, next to ours (no name collides). */
export interface AuthDatabase {
  /**
   * The one query builder better-auth and this service share. No plugins: better-auth names
   * its own columns (camelCase), so our CamelCasePlugin must never touch them.
   */
  db: Kysely<AuthTables>;
  /** The dialect name better-auth expects. */
  type: 'sqlite' | 'postgres';
  /**
   * Runs `work` (better-auth's migrations) so that only one process does it at a time: a
   * Postgres advisory lock (several cloud instances start together); SQLite needs nothing,
   * one auth process owns a local install.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /**
   * The platform's own query builder on the same database (its column mapping on), for what
   * this service writes to platform tables: the audit log. `migrate` first brings the platform
   * schema up to date. SQLite shares this service's one connection; Postgres gets a small pool
   * of its own, opened on the first call.
   */
  platform(options?: { migrate?: boolean }): Promise<Kysely<Database>>;
  /** Closes every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the database for better-auth.
 *
 * SQLite goes through the platform's own driver (`openDatabase` from @lifeosai/db, without
 * running our migrations): one `node:sqlite` connection per process, WAL, busy timeout,
 * `BEGIN IMMEDIATE` — so better-auth's writes take turns with the other services' instead of
 * failing with "database is locked". `withoutPlugins()` keeps that driver but drops our
 * CamelCasePlugin and value normalisation, which would rename and rewrite better-auth's
 * camelCase columns.
 *
 * Postgres gets a plain `pg` pool, on purpose: better-auth expects `Date` objects for
 * timestamp columns on Postgres and compares them (session expiry); the platform pool's
 * type parsers return ISO strings, which would make those comparisons silently wrong.
 */
export async function openAuthDatabase(target: DatabaseTarget): Promise<AuthDatabase> {
  let db: Kysely<AuthTables>;
  let destroy: () => Promise<void>;
  let platform: (migrate: boolean) => Promise<Kysely<Database>>;
  let closed = false;
  if (target.dialect === 'sqlite') {
    const handle = await openDatabase(target, { migrate: false });
    db = handle.db.withoutPlugins() as unknown as Kysely<AuthTables>;
    destroy = () => handle.close();
    platform = async (migrate) => {
      if (migrate) await migrateToLatest(handle.db as unknown as Kysely<unknown>, 'sqlite');
      return handle.db;
    };
  } else {
    const pg = await loadPg();
    const pool = new pg.Pool({ connectionString: target.url, max: target.maxConnections ?? 10 });
    // As the platform pool does (@lifeosai/db): an idle client can fail (server restart,
    // failover, admin termination); the pool drops it and the next query opens a new one.
    // Without a listener Node would crash the service (seen in CI as an uncaught 57P01 when a
    // test dropped its database).
    pool.on('error', () => {});
    db = new Kysely<AuthTables>({ dialect: new PostgresDialect({ pool }) });
    let platformHandle: Promise<DatabaseHandle> | undefined;
    destroy = async () => {
      await db.destroy();
      await (await platformHandle?.catch(() => undefined))?.close();
    };
    platform = async (migrate) => {
      // A mail sent after close (better-auth finishing a request in the background) must not
      // open a pool nobody closes.
      if (closed) throw new Error('the auth database is closed');
      platformHandle ??= openDatabase({ ...target, maxConnections: 2 }, { migrate });
      return (await platformHandle).db;
    };
  }
  return {
    db,
    type: target.dialect,
    platform: (options = {}) => platform(options.migrate ?? false),
    async exclusively(work) {
      if (target.dialect === 'sqlite') return work();
      return db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${migrationLockKey})`.execute(connection);
        try {
          return await work();
        } finally {
          await sql`select pg_advisory_unlock(${migrationLockKey})`.execute(connection);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await destroy();
    },
  };
}

/** Arbitrary, fixed: "lifeosai-auth-migrations" for pg_advisory_lock. */
const migrationLockKey = 7_346_210_118;
