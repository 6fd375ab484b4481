/**
 * `npm run backup`: one archive of a local install — the database (an online snapshot), the
 * stored files, the key files, config.json and the agents' folders — taken while the platform
 * runs. What is in it and what is not: docs/backup.md. The archive holds the keys: it is written
 * mode 0600, and `--passphrase-file` encrypts it.
 *
 * Flags: `--out <file>` (default `lifeosai-backup-<time>.tar.gz` in the folder npm was run
 * from), `--passphrase-file <file>`. Exit code 0 with the archive's path; 1 with what to do.
 */
import { resolve } from 'node:path';
import packageJson from '../package.json' with { type: 'json' };
import { backupHome } from './backup/backup-home.ts';
import { keyFiles } from './backup/home-layout.ts';
import { readPassphraseFile } from './backup/passphrase.ts';
import { runMaintenance } from './maintenance.ts';

await runMaintenance(
  'npm run backup -- [flags]\nWrites one archive of this local install (database, files, keys), safe while it runs.',
  {
    out: { type: 'string', description: 'the archive to write (default lifeosai-backup-<time>.tar.gz here)' },
    'passphrase-file': {
      type: 'string',
      description: 'encrypt the archive with the passphrase in this file (AES-256-GCM, scrypt)',
    },
  },
  async (flags, config) => {
    if (config.mode !== 'local') {
      throw new Error(
        'npm run backup backs up a local install ($LIFEOSAI_HOME). In cloud mode the database, the bucket and the ' +
          'secret manager keep their own backups: see docs/backup.md.',
      );
    }
    // npm runs scripts from the repository; INIT_CWD is where the operator typed the command.
    const here = process.env.INIT_CWD ?? process.cwd();
    const passphrase = flags['passphrase-file']
      ? await readPassphraseFile(resolve(here, flags['passphrase-file']))
      : undefined;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const out = resolve(here, flags.out ?? `lifeosai-backup-${stamp}.tar.gz${passphrase ? '.enc' : ''}`);
    console.log(`Backing up ${config.home} to ${out}…`);
    const began = Date.now();
    const { manifest, size } = await backupHome({
      config,
      out,
      env: process.env,
      platformVersion: packageJson.version,
      log: (line) => console.log(line),
      ...(passphrase !== undefined && { passphrase }),
    });
    const keys = keyFiles.filter((name) => manifest.entries.some((entry) => entry.path === name));
    const counted = (kind: string) => manifest.entries.filter((entry) => entry.kind === kind).length;
    console.log(
      `✓ backup written in ${((Date.now() - began) / 1000).toFixed(1)} s: ${out} (${formatBytes(size)}; database at ` +
        `${manifest.migrations.at(-1) ?? 'no migration'}, ${counted('file')} stored files, ${counted('agent')} agent files, ` +
        `${keys.length} of ${keyFiles.length} key files${passphrase ? ', encrypted' : ''})`,
    );
    if (keys.length > 0) {
      console.log(
        `! THIS ARCHIVE HOLDS THE PLATFORM'S KEYS (${keys.join(', ')}): whoever has it can read every stored secret ` +
          `and sign in as any user. It is mode 0600;${passphrase ? ' it is encrypted, and the passphrase is the only way back into it: keep the two apart.' : ' keep it as private as $LIFEOSAI_HOME, or encrypt it with --passphrase-file.'}`,
      );
    }
  },
);

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
