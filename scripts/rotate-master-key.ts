/**
 * `npm run rotate:master-key`: a new master key, and every stored secret of every organization
 * re-encrypted under it in one transaction (all or nothing), proven readable before the old key
 * is let go. Safe to run again after a crash: it finishes what the last run started.
 *
 * - Local mode, key file: `$LIFEOSAI_HOME/master.key` is replaced (mode 0600); the old key waits
 *   in `master.key.old` until every secret decrypts with the new one (`--keep-backup` keeps it).
 *   Refuses while the services run: they hold the old key in memory and would keep writing
 *   secrets under it, which the new key could not read.
 * - Keys from the environment (cloud mode, or `LIFEOSAI_MASTER_KEY` set): old key
 *   `LIFEOSAI_MASTER_KEY`, new key `LIFEOSAI_NEW_MASTER_KEY` or `--new-key-file <path>` (generated
 *   into that file when it does not exist). Then set `LIFEOSAI_MASTER_KEY` to the new key.
 *
 * Prints counts only; a key is written nowhere but the files named above.
 */
import { join } from 'node:path';
import {
  MASTER_KEY_ENV,
  type MasterKeyRotationReport,
  NEW_MASTER_KEY_ENV,
  rotateMasterKeyFile,
  rotateMasterKeyFromEnvironment,
} from '@lifeosai/secrets';
import { openPlatformDatabase, progressLine, refuseWhileRunning, runMaintenance } from './maintenance.ts';

await runMaintenance(
  'npm run rotate:master-key -- [flags]\nReplaces the master key and re-encrypts every stored secret under it.',
  {
    'keep-backup': {
      type: 'boolean',
      description: 'local mode: keep the old key in $LIFEOSAI_HOME/master.key.old',
    },
    'new-key-file': {
      type: 'string',
      description: `keys from the environment: the new key's file (generated, mode 0600, if missing) instead of ${NEW_MASTER_KEY_ENV}`,
    },
    'services-stopped': {
      type: 'boolean',
      description: 'cloud mode: confirms every agent-api and user-management instance is stopped',
    },
  },
  async (flags, config) => {
    // Cloud mode has no key file: its key is always the environment's (and missing is an error there).
    const fromEnvironment = config.mode === 'cloud' || Boolean(process.env[MASTER_KEY_ENV]?.trim());
    await refuseWhileRunning(
      config,
      'The services hold the old master key and would store secrets under it.',
    );
    if (config.mode === 'cloud' && !flags['services-stopped']) {
      throw new Error(
        'Stop (or scale to zero) every agent-api and user-management instance first: they hold the old key, and a ' +
          'secret they store during the rotation could not be read afterwards. Then run this again with --services-stopped.',
      );
    }
    const handle = await openPlatformDatabase(config);
    try {
      const onProgress = progressLine('re-encrypting stored secrets');
      let report: MasterKeyRotationReport;
      if (fromEnvironment) {
        console.log(`Rotating the master key from ${MASTER_KEY_ENV} (${config.mode} mode)…`);
        report = await rotateMasterKeyFromEnvironment({
          env: process.env,
          db: handle.db,
          newKeyFile: flags['new-key-file'],
          onProgress,
        });
      } else {
        console.log(`Rotating the master key in ${join(config.home, 'master.key')}…`);
        report = await rotateMasterKeyFile({
          home: config.home,
          db: handle.db,
          keepBackup: flags['keep-backup'],
          onProgress,
        });
      }
      console.log(summary(report));
      if (fromEnvironment) {
        const where = flags['new-key-file']
          ? `the content of ${flags['new-key-file']}`
          : `the value of ${NEW_MASTER_KEY_ENV}`;
        console.log(
          `Now set ${MASTER_KEY_ENV} to the new key (${where}) on every agent-api and user-management instance and start ` +
            `them; then remove ${NEW_MASTER_KEY_ENV}${flags['new-key-file'] ? ` and delete ${flags['new-key-file']} once the key is in your secret store` : ''}.`,
        );
      } else if (flags['keep-backup']) {
        console.log(
          `The old key is in ${join(config.home, 'master.key.old')}: delete it once you no longer need it.`,
        );
      }
      console.log(
        'Run tokens of unfinished runs were signed with a key derived from the old one; runs resumed at the next start get new ones.',
      );
    } finally {
      await handle.close();
    }
  },
);

function summary(report: MasterKeyRotationReport): string {
  const organizations = `${report.organizations} organization${report.organizations === 1 ? '' : 's'}`;
  return (
    `✓ master key rotated${report.resumed ? ' (an interrupted rotation was finished)' : ''}: ` +
    `${report.secrets} stored secret${report.secrets === 1 ? '' : 's'} of ${organizations} and ` +
    `${report.tokens} OAuth token${report.tokens === 1 ? '' : 's'}; ` +
    `${report.reencrypted} re-encrypted, ${report.alreadyCurrent} already under the new key; ` +
    `${report.proven} proven to decrypt with the new key.`
  );
}
