import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

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

/** A stored file's row, as the snapshot has it. */
export interface StoredFileRow {
  id: string;
  storageKey: string;
  sha256: string;
}

/** A database snapshot, opened to read what the backup needs and to drop rows whose bytes are gone. */
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
      return database
        .prepare('SELECT id, storage_key, sha256 FROM files ORDER BY id')
        .all()
        .map((row) => ({
          id: String(row.id),
          storageKey: String(row.storage_key),
          sha256: String(row.sha256),
        }));
    },
    /** Deletes these files' rows: their bytes were deleted (the row first) while the backup ran. */
    dropFiles(ids: string[]): void {
      const drop = database.prepare('DELETE FROM files WHERE id = ?');
      for (const id of ids) drop.run(id);
    },
    close: () => database.close(),
  };
}
