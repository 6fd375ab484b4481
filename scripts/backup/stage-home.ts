/**
 * The backup's first stage: a consistent copy of what a restore needs, gathered from a live
 * `$LIFEOSAI_HOME` into a private staging folder, with the manifest that describes it.
 *
 * Order matters while the platform writes: the database snapshot comes first, and the stored
 * files copied are exactly those its `files` rows name. The gateway stores a file's bytes before
 * its row commits and deletes the row before the bytes, so every row in the snapshot has its
 * bytes on disk — unless the file was deleted since, in which case its row is dropped from the
 * snapshot too (the delete is then in the backup, whole). Stored files are never written in
 * place (temp file + rename), and each copy is checked against the row's SHA-256.
 */
import { type Dirent, existsSync } from 'node:fs';
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { databaseFileFor, filesRootFor, type LifeosConfig } from '@lifeosai/config';
import { copyHashed, copySettled, hashFile } from './copy-file.ts';
import { openSnapshot, snapshotDatabase } from './database-snapshot.ts';
import {
  agentsFolder,
  configFile,
  keyEnvironment,
  keyFiles,
  leftOut,
  pendingRotationFiles,
} from './home-layout.ts';
import { type BackupManifest, DATABASE_ENTRY, type EntryKind, type ManifestEntry } from './manifest.ts';

export interface StageOptions {
  config: LifeosConfig;
  /** An empty private folder the copies go into. */
  stage: string;
  env: Record<string, string | undefined>;
  platformVersion: string;
  /** Progress and notes, one line each (never a key or a secret value). */
  log: (line: string) => void;
  /** Clock, injected for tests. */
  now?: () => Date;
}

export async function stageHome(options: StageOptions): Promise<BackupManifest> {
  const { config, stage, log } = options;
  const home = config.home;
  for (const pending of pendingRotationFiles) {
    if (existsSync(join(home, pending))) {
      const command = pending.startsWith('master') ? 'rotate:master-key' : 'rotate:auth-secret';
      throw new Error(
        `A key rotation was interrupted (${join(home, pending)} exists): run \`npm run ${command}\` to finish it, then back up.`,
      );
    }
  }
  const entries: ManifestEntry[] = [];
  const add = (path: string, kind: EntryKind, copied: { size: number; sha256: string; mode: number }) =>
    entries.push({ path, kind, size: copied.size, sha256: copied.sha256, mode: copied.mode });

  log('snapshotting the database (online, consistent as of one commit)…');
  const snapshotPath = join(stage, DATABASE_ENTRY);
  snapshotDatabase(databaseFileFor(config), snapshotPath);
  await chmod(snapshotPath, 0o600);
  const snapshot = openSnapshot(snapshotPath);
  let migrations: string[];
  let deleted: string[];
  let referenced: Set<string>;
  try {
    migrations = snapshot.migrations();
    const rows = snapshot.storedFiles();
    if (options.env.LIFEOSAI_FILES_BACKEND === 'gcs') {
      // The bytes are in the bucket, which keeps its own versions (docs/backup.md).
      log(
        `! the ${rows.length} stored files are in the GCS bucket, not in this backup: back the bucket up on its own`,
      );
      ({ deleted, referenced } = { deleted: [], referenced: new Set() });
    } else {
      if (rows.length > 0 && !existsSync(filesRootFor(config))) {
        throw new Error(
          `The database names ${rows.length} stored files but their folder ${filesRootFor(config)} does not exist: ` +
            'is LIFEOSAI_FILES_DIR right? Nothing was backed up.',
        );
      }
      log(`copying ${rows.length} stored file${rows.length === 1 ? '' : 's'}…`);
      ({ deleted, referenced } = await copyStoredFiles(filesRootFor(config), stage, rows, add, log));
      snapshot.dropFiles(deleted);
    }
  } finally {
    snapshot.close();
  }
  add(DATABASE_ENTRY, 'database', { ...(await hashFile(snapshotPath)), mode: 0o600 });

  for (const name of keyFiles) {
    const variable = Object.keys(keyEnvironment).find((key) => keyEnvironment[key] === name);
    if (await copyIfPresent(home, stage, name, 'key', add)) continue;
    if (variable && options.env[variable]) {
      log(
        `! ${name} is not in the backup: this install takes it from ${variable}. Keep that value yourself.`,
      );
    }
  }
  await copyIfPresent(home, stage, configFile, 'config', add);

  log('copying agent workspaces and harness state…');
  const changing = await copyTree(
    join(home, agentsFolder),
    join(stage, agentsFolder),
    agentsFolder,
    add,
    log,
  );
  for (const path of changing) log(`! ${path} changed while it was copied; the copy may mix two versions`);

  await noteLeftOut(home, log);
  const unreferenced =
    options.env.LIFEOSAI_FILES_BACKEND === 'gcs' ? 0 : await countFiles(filesRootFor(config), referenced);
  if (unreferenced > 0) {
    log(
      `  left out ${unreferenced} stored file(s) no database row names (uploads in progress, or bytes of a failed delete)`,
    );
  }
  return {
    format: 'lifeosai-backup',
    formatVersion: 1,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    platformVersion: options.platformVersion,
    sourceHome: home,
    migrations,
    entries: entries.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0)),
    skipped: { unreferencedFiles: unreferenced, deletedDuringBackup: deleted.length },
  };
}

type AddEntry = (
  path: string,
  kind: EntryKind,
  copied: { size: number; sha256: string; mode: number },
) => void;

async function copyStoredFiles(
  filesRoot: string,
  stage: string,
  rows: ReturnType<ReturnType<typeof openSnapshot>['storedFiles']>,
  add: AddEntry,
  log: (line: string) => void,
): Promise<{ deleted: string[]; referenced: Set<string> }> {
  const deleted: string[] = [];
  const referenced = new Set<string>();
  for (const row of rows) {
    referenced.add(row.storageKey);
    const path = `files/${row.storageKey}`;
    try {
      const copied = await copyHashed(join(filesRoot, row.storageKey), join(stage, path));
      if (copied.sha256 !== row.sha256) {
        log(
          `! stored file ${row.storageKey} does not match the checksum its row recorded: it was damaged on disk`,
        );
      }
      add(path, 'file', copied);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      deleted.push(row.id);
    }
  }
  if (deleted.length > 0)
    log(`  ${deleted.length} stored file(s) were deleted during the backup: left out with their rows`);
  return { deleted, referenced };
}

async function copyIfPresent(
  home: string,
  stage: string,
  name: string,
  kind: EntryKind,
  add: AddEntry,
): Promise<boolean> {
  try {
    add(name, kind, await copyHashed(join(home, name), join(stage, name)));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Copies every regular file under `source`; returns the paths that kept changing while copied. */
async function copyTree(
  source: string,
  target: string,
  prefix: string,
  add: AddEntry,
  log: (line: string) => void,
): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(source, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const changing: string[] = [];
  for (const entry of entries) {
    const path = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      changing.push(...(await copyTree(join(source, entry.name), join(target, entry.name), path, add, log)));
    } else if (entry.isFile()) {
      try {
        const copied = await copySettled(join(source, entry.name), join(target, entry.name));
        add(path, 'agent', copied);
        if (copied.changed) changing.push(path);
      } catch (error) {
        // Deleted since the folder was listed: it is simply not in the backup.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    } else {
      log(`  left out ${path}: not a regular file (symlinks, sockets and devices are not backed up)`);
    }
  }
  return changing;
}

/** Says what the home holds that the backup leaves out, and why. */
async function noteLeftOut(home: string, log: (line: string) => void): Promise<void> {
  const known = new Set<string>([...keyFiles, configFile, agentsFolder, 'files', DATABASE_ENTRY]);
  for (const name of await readdir(home)) {
    if (known.has(name)) continue;
    const why = leftOut[name] ?? (name.startsWith('.') ? 'a temporary file' : 'not a file LIFEOSAI knows');
    log(`  left out ${name}: ${why}`);
  }
}

/** Regular files under `root` (its `.tmp` uploads aside) whose storage key is not in `referenced`. */
async function countFiles(root: string, referenced: Set<string>, prefix = ''): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, prefix), { withFileTypes: true });
  } catch {
    return 0;
  }
  let count = 0;
  for (const entry of entries) {
    const key = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (key === '.tmp') continue;
    if (entry.isDirectory()) count += await countFiles(root, referenced, key);
    else if (entry.isFile() && !referenced.has(key)) count++;
  }
  return count;
}
