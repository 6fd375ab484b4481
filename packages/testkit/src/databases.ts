import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, type DialectName, type OpenDatabaseOptions, openDatabase } from '@lifeosai/db';
import { inject } from 'vitest';
import { createTestDatabase } from './postgres.ts';

/** Both dialects, for `describe.each(testDialects)`: every data test runs on each. */
export const testDialects: readonly DialectName[] = ['sqlite', 'postgres'];

/** A fresh database of one dialect, migrated (unless told not to), and how to remove it. */
export interface TestDatabase extends DatabaseHandle {
  /** For SQLite the file path; for Postgres the URL of the fresh database. */
  location: string;
  /** Closes the handle and deletes the database. */
  cleanup(): Promise<void>;
}

/**
 * Opens a brand-new database: a temp SQLite file, or a new database on the run's real
 * Postgres server (started by the global setup). Call only from inside a test file.
 */
export async function openTestDatabase(
  dialect: DialectName,
  options: OpenDatabaseOptions = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const directory = await mkdtemp(join(tmpdir(), 'lifeosai-db-'));
    const path = join(directory, 'test.db');
    const handle = await openDatabase({ dialect, path }, options);
    return {
      ...handle,
      location: path,
      async cleanup() {
        await handle.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase(inject('postgresAdminUrl'));
  const handle = await openDatabase({ dialect, url: database.url }, options);
  return {
    ...handle,
    location: database.url,
    async cleanup() {
      await handle.close();
      await database.drop();
    },
  };
}
