/**
 * `npm run rotate:signing-key`: a new Ed25519 key for the internal identity token the gateway
 * signs and the Agent API trusts. Nothing is encrypted with it, so no data changes; identity
 * tokens live 60 seconds.
 *
 * - Local mode, key file: `$LIFEOSAI_HOME/internal-signing-key.json` is replaced atomically
 *   (mode 0600). Refuses while the services run: the gateway holds the old key in memory.
 * - Key from the environment (cloud mode, or `LIFEOSAI_INTERNAL_SIGNING_KEY` set): the new key
 *   is written to `--new-key-file <path>` (mode 0600; an existing file is reused), and the
 *   command says which variables to set. It prints the public key set only.
 */
import { rotateSigningKeyFile, SIGNING_KEY_ENV, writeNewSigningKey } from '@lifeosai/user-management';
import { refuseWhileRunning, runMaintenance } from './maintenance.ts';

await runMaintenance(
  'npm run rotate:signing-key -- [flags]\nReplaces the key that signs internal identity tokens (gateway → Agent API).',
  {
    'new-key-file': {
      type: 'string',
      description: `key from the environment: the file to write the new key to (mode 0600), for ${SIGNING_KEY_ENV}`,
    },
  },
  async (flags, config) => {
    const fromEnvironment = config.mode === 'cloud' || Boolean(process.env[SIGNING_KEY_ENV]?.trim());
    if (!fromEnvironment) {
      await refuseWhileRunning(config, 'The gateway holds the old signing key in memory.');
      const rotation = await rotateSigningKeyFile(config.home);
      console.log(
        `✓ internal signing key rotated (key id ${rotation.previousKeyId ?? 'none'} → ${rotation.keyId}). ` +
          'Start LIFEOSAI again: the Agent API reads the new public key from the gateway. No data changed.',
      );
      return;
    }
    const file = flags['new-key-file'];
    if (!file) {
      throw new Error(
        `${SIGNING_KEY_ENV} comes from the environment: pass --new-key-file <path> and the new key is written there ` +
          '(mode 0600), never to the terminal.',
      );
    }
    const rotation = await writeNewSigningKey(file);
    console.log(
      `✓ new internal signing key ${rotation.reused ? 'read from' : 'written to'} ${file} (key id ${rotation.keyId}).\n` +
        `Now set ${SIGNING_KEY_ENV} to the content of ${file} on every user-management instance and restart them ` +
        'together (while some sign with the old key and some with the new, the Agent API refuses the tokens of one of them).\n' +
        "Agent API instances that read the gateway's JWKS (LIFEOSAI_IDENTITY_JWKS_URL, the default) pick the new key up by " +
        'themselves; those configured with LIFEOSAI_IDENTITY_JWKS need this public key set:\n' +
        `LIFEOSAI_IDENTITY_JWKS='${JSON.stringify(rotation.jwks)}'\n` +
        `Delete ${file} once the key is in your secret store. No data changed.`,
    );
  },
);
