import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import { columnTypesFor, type DialectName } from './migrations/column-types.ts';
import { migrations } from './migrations/index.ts';

/** The names of every migration this code knows, in order: what a database at the latest schema has applied. */
export function knownMigrationNames(): string[] {
  return migrations.map((step) => step.name);
}

/** The platform's migrator over `db`: our migration list and tables, this dialect's column types. */
export function platformMigrator(db: Kysely<unknown>, dialect: DialectName): Migrator {
  const types = columnTypesFor(dialect);
  return new Migrator({
    db,
    migrationTableName: 'lifeosai_migrations',
    migrationLockTableName: 'lifeosai_migrations_lock',
    provider: {
      async getMigrations() {
        const byName: Record<string, Migration> = {};
        for (const step of migrations)
          byName[step.name] = { up: (migrationDb) => step.up(migrationDb, types, dialect) };
        return byName;
      },
    },
  });
}

/**
 * Brings the database to the latest schema. Safe to call at every service start and from
 * several processes at once: Kysely takes a migration lock (an advisory lock on Postgres;
 * on SQLite the migration transaction's `BEGIN IMMEDIATE`), and applied steps are skipped.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<string[]> {
  const migrator = platformMigrator(db, dialect);
  const outcome: MigrationResultSet = await migrator.migrateToLatest();
  if (outcome.error) {
    const reason = (outcome.error as Error).message ?? String(outcome.error);
    const failed = outcome.results?.find((result) => result.status === 'Error')?.migrationName;
    // No step failed: the migrator never got to run one (the database could not be reached).
    throw new Error(
      failed
        ? `Database migration "${failed}" failed: ${reason}`
        : `The database could not be reached to migrate it: ${reason}. Is it running, and is ${dialect === 'postgres' ? 'DATABASE_URL' : 'LIFEOSAI_HOME'} right?`,
      { cause: outcome.error },
    );
  }
  return (outcome.results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
