/**
 * The stored files of a backup: exactly those the database snapshot's `files` rows name, so the
 * archive never holds a row without its bytes. The gateway stores a file's bytes before its row
 * commits, and deletes the row before the bytes (an overwrite swaps rows in one transaction,
 * then deletes the old bytes). So bytes missing at copy time mean the file changed after the
 * snapshot: when the live database has a newer row of the same name, that row and its bytes
 * take the old one's place in the snapshot (an overwrite, carried forward); when it has none,
 * the row is dropped (a delete, taken whole).
 */
import { join } from 'node:path';
import { copyHashed } from './copy-file.ts';
import { type DatabaseSnapshot, openLiveFiles, type StoredFileRow } from './database-snapshot.ts';
import type { EntryKind } from './manifest.ts';

export interface StoredFilesOutcome {
  /** Storage keys in the backup (every other file in the folder was left out). */
  referenced: Set<string>;
  /** Rows dropped: deleted while the backup ran. */
  dropped: number;
  /** Rows replaced by a newer version: overwritten while the backup ran. */
  carriedForward: number;
}

export async function backupStoredFiles(options: {
  snapshot: DatabaseSnapshot;
  /** The live database, asked for a newer row when a file's bytes are gone. */
  databasePath: string;
  filesRoot: string;
  stage: string;
  add: (path: string, kind: EntryKind, copied: { size: number; sha256: string; mode: number }) => void;
  log: (line: string) => void;
}): Promise<StoredFilesOutcome> {
  const { snapshot, filesRoot, stage, add, log } = options;
  const outcome: StoredFilesOutcome = { referenced: new Set(), dropped: 0, carriedForward: 0 };
  const copy = async (row: StoredFileRow): Promise<boolean> => {
    const path = `files/${row.storageKey}`;
    try {
      const copied = await copyHashed(join(filesRoot, row.storageKey), join(stage, path));
      if (copied.sha256 !== row.sha256) {
        log(
          `! stored file ${row.storageKey} does not match the checksum its row recorded: it was damaged on disk`,
        );
      }
      add(path, 'file', copied);
      outcome.referenced.add(row.storageKey);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  };
  let live: ReturnType<typeof openLiveFiles> | undefined;
  try {
    for (const row of snapshot.storedFiles()) {
      if (await copy(row)) continue;
      live ??= openLiveFiles(options.databasePath);
      // Overwritten again while being copied: a few tries, then it counts as gone.
      let newer: StoredFileRow | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = live.current(row.orgId, row.name);
        if (!current || (await copy(current))) {
          newer = current;
          break;
        }
      }
      if (newer) {
        snapshot.replaceFile(row.id, newer);
        outcome.carriedForward++;
      } else {
        snapshot.dropFile(row.id);
        outcome.dropped++;
      }
    }
  } finally {
    live?.close();
  }
  if (outcome.carriedForward > 0) {
    log(
      `  ${outcome.carriedForward} stored file(s) were overwritten during the backup: their newer version is in it`,
    );
  }
  if (outcome.dropped > 0)
    log(`  ${outcome.dropped} stored file(s) were deleted during the backup: left out with their rows`);
  return outcome;
}
