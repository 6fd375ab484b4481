/**
 * The backup's first stage: a consistent copy of what a restore needs, gathered from a live
 * `$LIFEOSAI_HOME` into a private staging folder, with the manifest that describes it.
 *
 * Order matters while the platform writes: the database snapshot comes first, then the stored
 * files its rows name (stored-files.ts says how a row and its bytes stay together), then the
 * key files, config.json and the agents' folders.
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
import { backupStoredFiles, type StoredFilesOutcome } from './stored-files.ts';

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
  let files: StoredFilesOutcome = { referenced: new Set(), dropped: 0, carriedForward: 0 };
  try {
    migrations = snapshot.migrations();
    const count = snapshot.storedFiles().length;
    if (options.env.LIFEOSAI_FILES_BACKEND === 'gcs') {
      // The bytes are in the bucket, which keeps its own versions (docs/backup.md).
      log(
        `! the ${count} stored files are in the GCS bucket, not in this backup: back the bucket up on its own`,
      );
    } else {
      if (count > 0 && !existsSync(filesRootFor(config, options.env))) {
        throw new Error(
          `The database names ${count} stored files but their folder ${filesRootFor(config, options.env)} does not exist: ` +
            'is LIFEOSAI_FILES_DIR right? Nothing was backed up.',
        );
      }
      log(`copying ${count} stored file${count === 1 ? '' : 's'}…`);
      files = await backupStoredFiles({
        snapshot,
        databasePath: databaseFileFor(config),
        filesRoot: filesRootFor(config, options.env),
        stage,
        add,
        log,
      });
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
    options.env.LIFEOSAI_FILES_BACKEND === 'gcs'
      ? 0
      : await countFiles(filesRootFor(config, options.env), files.referenced);
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
    skipped: {
      unreferencedFiles: unreferenced,
      deletedDuringBackup: files.dropped,
      overwrittenDuringBackup: files.carriedForward,
    },
  };
}

type AddEntry = (
  path: string,
  kind: EntryKind,
  copied: { size: number; sha256: string; mode: number },
) => void;

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
