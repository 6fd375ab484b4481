import { randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { MASTER_KEY_BYTES, SecretCipher } from './cipher.ts';
import { createPrivateFile, renameDurably, replacePrivateFile } from './key-files.ts';
import {
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  PENDING_MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEY_FILE,
  parseMasterKey,
  readMasterKeyFile,
} from './master-key.ts';
import { proveStoredSecrets, type ReencryptReport, reencryptStoredSecrets } from './reencrypt-secrets.ts';

/** The new key for an environment-keyed (cloud) rotation, when not given as a file. */
export const NEW_MASTER_KEY_ENV = 'LIFEOSAI_NEW_MASTER_KEY';

/** What a master key rotation did: counts only, never a key or a value. */
export interface MasterKeyRotationReport extends ReencryptReport {
  /** True when this run finished a rotation an earlier run had started. */
  resumed: boolean;
  /** Secrets read back and decrypted with the new key after the commit. */
  proven: number;
}

export interface RotationOptions {
  /** The platform database (migrated). */
  db: Kysely<Database>;
  /** Called after each secret; see `reencryptStoredSecrets`. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Local mode, keys in `$LIFEOSAI_HOME`: replaces `master.key` with a fresh key and re-encrypts
 * every stored secret under it. Safe to run again after a crash at any step:
 * 1. the new key goes to `master.key.new` (kept if already there: an earlier run's key);
 * 2. the current key is copied to `master.key.old`;
 * 3. every secret is re-encrypted in one transaction, then read back with the new key;
 * 4. `master.key.new` is renamed over `master.key`, and only then is `master.key.old` deleted
 *    (unless `keepBackup`). While `master.key.new` exists the services refuse to start.
 * The services must be stopped: they hold the old key in memory.
 */
export async function rotateMasterKeyFile(
  options: RotationOptions & { home: string; keepBackup?: boolean },
): Promise<MasterKeyRotationReport> {
  const currentPath = join(options.home, MASTER_KEY_FILE);
  const pendingPath = join(options.home, PENDING_MASTER_KEY_FILE);
  const current = await readMasterKeyFile(currentPath);
  if (!current) {
    throw new PlatformError(
      'MASTER_KEY_MISSING',
      `There is no ${currentPath} to rotate: LIFEOSAI creates it at first start (or the key comes from ${MASTER_KEY_ENV}).`,
    );
  }
  let pending = await readMasterKeyFile(pendingPath);
  const resumed = pending !== undefined;
  if (!pending) {
    pending = newMasterKey();
    await createPrivateFile(pendingPath, keyText(pending));
  }
  await replacePrivateFile(join(options.home, PREVIOUS_MASTER_KEY_FILE), keyText(current));
  const report = await reencryptAndProve(options, current, pending);
  await renameDurably(pendingPath, currentPath);
  if (!options.keepBackup) await unlink(join(options.home, PREVIOUS_MASTER_KEY_FILE));
  return { ...report, resumed };
}

/**
 * Keys from the environment (cloud mode, or local mode with `LIFEOSAI_MASTER_KEY` set): the
 * old key is `LIFEOSAI_MASTER_KEY`; the new one is `LIFEOSAI_NEW_MASTER_KEY`, or the key in
 * `newKeyFile` — generated into it (mode 0600) when the file does not exist yet, so a key is
 * only ever written where the operator asked. Every stored secret is re-encrypted in one
 * transaction and proven; the caller then tells the operator to make the new key
 * `LIFEOSAI_MASTER_KEY` everywhere. Running it again with the same keys finishes or confirms.
 */
export async function rotateMasterKeyFromEnvironment(
  options: RotationOptions & { env: Record<string, string | undefined>; newKeyFile?: string },
): Promise<MasterKeyRotationReport> {
  const oldText = options.env[MASTER_KEY_ENV];
  if (!oldText?.trim()) {
    throw new PlatformError('MASTER_KEY_MISSING', `Set ${MASTER_KEY_ENV} to the key the services use now.`);
  }
  const current = parseMasterKey(oldText, MASTER_KEY_ENV);
  const newText = options.env[NEW_MASTER_KEY_ENV];
  if (newText?.trim() && options.newKeyFile) {
    throw new PlatformError(
      'MASTER_KEY_AMBIGUOUS',
      `Give the new key once: either ${NEW_MASTER_KEY_ENV} or --new-key-file, not both.`,
    );
  }
  let next: Buffer;
  let resumed = false;
  if (newText?.trim()) {
    next = parseMasterKey(newText, NEW_MASTER_KEY_ENV);
  } else if (options.newKeyFile) {
    const existing = await readMasterKeyFile(options.newKeyFile);
    resumed = existing !== undefined;
    next = existing ?? newMasterKey();
    if (!existing) await createPrivateFile(options.newKeyFile, keyText(next));
  } else {
    throw new PlatformError(
      'MASTER_KEY_MISSING',
      `Say where the new key comes from: set ${NEW_MASTER_KEY_ENV} (e.g. from \`openssl rand -base64 32\`), ` +
        'or pass --new-key-file <path> to have one generated into that file (mode 0600).',
    );
  }
  if (next.equals(current)) {
    throw new PlatformError('MASTER_KEY_UNCHANGED', `The new master key is the same as ${MASTER_KEY_ENV}.`);
  }
  const report = await reencryptAndProve(options, current, next);
  return { ...report, resumed: resumed || report.alreadyCurrent > 0 };
}

async function reencryptAndProve(
  options: RotationOptions,
  current: Buffer,
  next: Buffer,
): Promise<Omit<MasterKeyRotationReport, 'resumed'>> {
  const to = new SecretCipher(next);
  const report = await reencryptStoredSecrets(
    options.db,
    { from: new SecretCipher(current), to },
    options.onProgress,
  );
  return { ...report, proven: await proveStoredSecrets(options.db, to) };
}

function newMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

function keyText(key: Buffer): string {
  return `${key.toString('base64')}\n`;
}
