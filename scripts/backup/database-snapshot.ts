import { existsSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue, type SQLOutputValue } from 'node:sqlite';

/**
 * Writes a consistent copy of the live SQLite database at `source` to `target` with
 * `VACUUM INTO`: one read transaction, so the copy is the database as of one commit, however
 * busy the services are (WAL lets them keep writing meanwhile). Never a raw file copy, which
 * would miss the write-ahead log or catch a page half-written.
 */
export function snapshotDatabase(source: string, target: string): void {
  if (!existsSync(source)) {
    throw new Error(
      `There is no database at ${source}: nothing to back up. Is LIFEOSAI_HOME right, and has LIFEOSAI started there?`,
    );
  }
  const database = new DatabaseSync(source, { timeout: 30_000 });
  try {
    database.prepare('VACUUM INTO ?').run(target);
  } finally {
    database.close();
  }
}

/** A stored file's row: what the backup reads of it, and the whole row to write it elsewhere. */
export interface StoredFileRow {
  id: string;
  orgId: string;
  name: string;
  storageKey: string;
  sha256: string;
  /** Every column, as SQLite returned it. */
  row: Record<string, SQLOutputValue>;
}

function storedFileRow(row: Record<string, SQLOutputValue>): StoredFileRow {
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    name: String(row.name),
    storageKey: String(row.storage_key),
    sha256: String(row.sha256),
    row,
  };
}

/** A database snapshot, opened to read what the backup needs and to bring its file rows in line with the bytes copied. */
export function openSnapshot(path: string) {
  const database = new DatabaseSync(path);
  const hasTable = (name: string) =>
    database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  return {
    /** Applied migrations, in order (empty for a database no service has migrated). */
    migrations(): string[] {
      if (!hasTable('lifeosai_migrations')) return [];
      return database
        .prepare('SELECT name FROM lifeosai_migrations ORDER BY name')
        .all()
        .map((row) => String(row.name));
    },
    storedFiles(): StoredFileRow[] {
      if (!hasTable('files')) return [];
      return database.prepare('SELECT * FROM files ORDER BY id').all().map(storedFileRow);
    },
    /** Deletes a file's row: its bytes were deleted (the row first) while the backup ran. */
    dropFile(id: string): void {
      database.prepare('DELETE FROM files WHERE id = ?').run(id);
    },
    /** Replaces a file's row by the live database's newer one (an overwrite while the backup ran). */
    replaceFile(id: string, newer: StoredFileRow): void {
      const columns = Object.keys(newer.row);
      database.exec('BEGIN');
      database.prepare('DELETE FROM files WHERE id = ?').run(id);
      database
        .prepare(
          `INSERT INTO files (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        )
        .run(...columns.map((column) => newer.row[column] as SQLInputValue));
      database.exec('COMMIT');
    },
    close: () => database.close(),
  };
}
export type DatabaseSnapshot = ReturnType<typeof openSnapshot>;

/** The live database's current row of a stored file, by organization and name (read-only use). */
export function openLiveFiles(path: string) {
  const database = new DatabaseSync(path, { timeout: 30_000 });
  const byName = database.prepare('SELECT * FROM files WHERE org_id = ? AND name = ?');
  return {
    current(orgId: string, name: string): StoredFileRow | undefined {
      const row = byName.get(orgId, name);
      return row ? storedFileRow(row) : undefined;
    },
    close: () => database.close(),
  };
}
