/**
 * `npm run rotate:auth-secret`: retires the auth secret (`BETTER_AUTH_SECRET`), which signs
 * session cookies and verification links and encrypts the JWT signing keys. Accounts,
 * passwords, organizations, invitations and API keys stay; every session ends (each person
 * signs in once more), pending reset and verification links must be asked for again, and JWTs
 * get a new key pair. better-auth 1.7's versioned `secrets` would keep the old secret
 * decrypting but cannot keep cookies signed with it valid, so it is not used: see
 * apps/auth/src/rotation/rotate-auth-secret.ts.
 *
 * - Local mode, secret file: `$LIFEOSAI_HOME/auth-secret` gets a new secret (mode 0600);
 *   re-run after a crash to finish. Refuses while the services run.
 * - Secret from the environment (cloud mode, or `BETTER_AUTH_SECRET` set): retires the old
 *   secret's data and, with `--new-secret-file <path>`, generates the new secret into that file;
 *   then set `BETTER_AUTH_SECRET` to a new value. Prints counts only.
 */

import {
  type AuthSecretRetirement,
  newAuthSecret,
  openAuthDatabase,
  retireAuthSecretData,
  rotateAuthSecretFile,
} from '@lifeosai/auth';
import { databaseFileFor } from '@lifeosai/config';
import { createPrivateFile, fileExists } from '@lifeosai/secrets';
import { refuseWhileRunning, runMaintenance } from './maintenance.ts';

await runMaintenance(
  'npm run rotate:auth-secret -- [flags]\nReplaces the auth secret; everyone signs in once more, no account data is lost.',
  {
    'new-secret-file': {
      type: 'string',
      description:
        'secret from the environment: generate the new BETTER_AUTH_SECRET into this file (mode 0600)',
    },
    'services-stopped': {
      type: 'boolean',
      description: 'cloud mode: confirms every auth instance is stopped',
    },
  },
  async (flags, config) => {
    const fromEnvironment = config.mode === 'cloud' || Boolean(process.env.BETTER_AUTH_SECRET?.trim());
    await refuseWhileRunning(config, 'The auth service holds the old secret in memory.');
    if (config.mode === 'cloud' && !flags['services-stopped']) {
      throw new Error(
        'Stop (or scale to zero) every auth instance first: one still running with the old secret would sign new ' +
          'sessions and keys with it. Then run this again with --services-stopped.',
      );
    }
    const database = await openAuthDatabase(
      config.mode === 'local'
        ? { dialect: 'sqlite', path: databaseFileFor(config) }
        : { dialect: 'postgres', url: config.databaseUrl! },
    );
    try {
      if (!fromEnvironment) {
        const report = await rotateAuthSecretFile({ home: config.home, database });
        console.log(`${summary(report)}${report.resumed ? ' (an interrupted rotation was finished)' : ''}`);
        console.log('Start LIFEOSAI again; everyone signs in once with their usual password.');
        return;
      }
      const file = flags['new-secret-file'];
      const reused = file ? await fileExists(file) : false;
      if (file && !reused) await createPrivateFile(file, `${newAuthSecret()}\n`);
      console.log(summary(await retireAuthSecretData(database)));
      console.log(
        `Now set BETTER_AUTH_SECRET to ${file ? `the content of ${file}` : 'a new value (e.g. `openssl rand -base64 48`)'} ` +
          `on every auth instance and start them${file ? `; delete ${file} once the secret is in your secret store` : ''}. ` +
          'Everyone signs in once more.',
      );
    } finally {
      await database.close();
    }
  },
);

function summary(report: AuthSecretRetirement): string {
  return (
    `✓ auth secret retired: ${report.sessions} session${report.sessions === 1 ? '' : 's'} ended, ` +
    `${report.signingKeys} JWT key pair${report.signingKeys === 1 ? '' : 's'} retired, ` +
    `${report.verifications} pending verification${report.verifications === 1 ? '' : 's'} cleared; ` +
    'accounts, organizations, invitations and API keys kept'
  );
}
