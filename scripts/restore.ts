/**
 * `npm run restore -- --from <archive>`: a backup of `npm run backup` into an empty
 * `$LIFEOSAI_HOME`. Refuses while the platform runs there; verifies every entry of the archive
 * against its manifest before writing anything; restores the keys 0600; migrates a database
 * from an older version. `--force` restores over a home that is not empty, moving its contents
 * aside (nothing is deleted). Exit code 0 when restored; 1 with what went wrong and what to do.
 */
import { resolve } from 'node:path';
import { readPassphraseFile } from './backup/passphrase.ts';
import { restoreHome } from './backup/restore-home.ts';
import { refuseWhileRunning, runMaintenance } from './maintenance.ts';

await runMaintenance(
  'npm run restore -- --from <archive> [flags]\nRestores a backup of npm run backup into $LIFEOSAI_HOME.',
  {
    from: { type: 'string', description: 'the archive npm run backup wrote' },
    'passphrase-file': { type: 'string', description: 'the passphrase of an encrypted archive' },
    force: {
      type: 'boolean',
      description:
        'restore over a home that is not empty (its contents are moved to <home>.before-restore-<time>)',
    },
  },
  async (flags, config) => {
    if (!flags.from) throw new Error('Name the archive: npm run restore -- --from <archive>.');
    if (config.mode !== 'local') {
      throw new Error(
        'npm run restore restores a local install; cloud mode restores from its own backups (docs/backup.md).',
      );
    }
    await refuseWhileRunning(
      config,
      'Restoring under running services would lose what they write and confuse them.',
    );
    const here = process.env.INIT_CWD ?? process.cwd();
    const passphrase = flags['passphrase-file']
      ? await readPassphraseFile(resolve(here, flags['passphrase-file']))
      : undefined;
    const began = Date.now();
    console.log(`Restoring into ${config.home}…`);
    const report = await restoreHome({
      config,
      archive: resolve(here, flags.from),
      ...(passphrase !== undefined && { passphrase }),
      force: Boolean(flags.force),
      env: process.env,
      log: (line) => console.log(line),
    });
    console.log(
      `✓ restored in ${((Date.now() - began) / 1000).toFixed(1)} s: ${report.manifest.entries.length} entries, keys mode 0600, ` +
        `database at ${report.migrated.at(-1) ?? report.manifest.migrations.at(-1) ?? 'no migration'}. Start LIFEOSAI with npm start.`,
    );
  },
);
