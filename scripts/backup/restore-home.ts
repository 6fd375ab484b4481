/**
 * Restore's stages: check the target home, verify the whole archive (nothing written yet),
 * unpack into a private folder beside the home, migrate its database, then move it into place
 * with one rename. A failure before that rename leaves the home as it was.
 */
import { mkdir, mkdtemp, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { filesRootFor, type LifeosConfig } from '@lifeosai/config';
import { knownMigrationNames, migrateToLatest, openDatabase } from '@lifeosai/db';
import { extractArchive, verifyArchive } from './archive.ts';
import { type BackupManifest, DATABASE_ENTRY } from './manifest.ts';

export interface RestoreOptions {
  config: LifeosConfig;
  /** The archive to restore. */
  archive: string;
  passphrase?: string;
  /** Restore over a home that is not empty: its contents are moved aside, not deleted. */
  force: boolean;
  /** The environment the install reads (`LIFEOSAI_FILES_DIR`); default none. */
  env?: Record<string, string | undefined>;
  log: (line: string) => void;
  now?: () => Date;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Migrations run on the restored database (the backup came from an older schema). */
  migrated: string[];
  /** Where the home's previous contents went (`--force` over a home that was not empty). */
  movedAside?: string;
}

export async function restoreHome(options: RestoreOptions): Promise<RestoreReport> {
  const { config, log } = options;
  const home = config.home;
  const present = await readdir(home).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (present.length > 0 && !options.force) {
    const shown = present.slice(0, 5).join(', ') + (present.length > 5 ? ', …' : '');
    throw new Error(
      `${home} is not empty (${shown}). Restore goes into an empty LIFEOSAI_HOME: point LIFEOSAI_HOME at a new ` +
        'folder, or add --force to move what is there now aside (nothing is deleted) and restore in its place.',
    );
  }

  log(`verifying ${options.archive} (every entry against the manifest's SHA-256)…`);
  const manifest = await verifyArchive(options.archive, options.passphrase);
  const known = new Set(knownMigrationNames());
  const newer = manifest.migrations.filter((name) => !known.has(name));
  if (newer.length > 0) {
    throw new Error(
      `This backup's database has migrations this LIFEOSAI does not know (${newer.join(', ')}): it comes from a ` +
        `newer version (${manifest.platformVersion}). Upgrade LIFEOSAI, then restore. Nothing was restored.`,
    );
  }
  log(
    `  ✓ ${manifest.entries.length} entries verified; backup of ${manifest.sourceHome} taken ${manifest.createdAt}`,
  );

  await mkdir(dirname(home), { recursive: true });
  const stage = await mkdtemp(join(dirname(home), `.${basename(home)}.restoring-`));
  try {
    log('unpacking…');
    await extractArchive(options.archive, options.passphrase, manifest, stage);
    const migrated = await migrate(join(stage, DATABASE_ENTRY));
    if (migrated.length > 0) log(`  database migrated from an older schema: ${migrated.join(', ')}`);
    let movedAside: string | undefined;
    if (present.length > 0) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      movedAside = `${home}.before-restore-${stamp}`;
      await rename(home, movedAside);
      log(`  moved the previous contents of ${home} to ${movedAside}`);
    } else {
      await rmdir(home).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(stage, home);
    if (filesRootFor(config, options.env) !== join(home, 'files')) {
      log(
        `! stored files were restored to ${join(home, 'files')}; this install reads them from ${filesRootFor(config, options.env)}: move them there.`,
      );
    }
    return { manifest, migrated, ...(movedAside && { movedAside }) };
  } catch (error) {
    await rm(stage, { recursive: true, force: true });
    throw error;
  }
}

/** Brings the restored database to this version's schema; returns the migrations it ran. */
async function migrate(path: string): Promise<string[]> {
  const handle = await openDatabase({ dialect: 'sqlite', path }, { migrate: false });
  try {
    return await migrateToLatest(handle.db as never, 'sqlite');
  } finally {
    await handle.close();
  }
}
