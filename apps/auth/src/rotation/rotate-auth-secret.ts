import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrivateFile, fileExists, renameDurably } from '@lifeosai/secrets';
import type { AuthDatabase } from '../database/auth-database.ts';

/** The local install's auth secret file in `$LIFEOSAI_HOME` (what `BETTER_AUTH_SECRET` is otherwise). */
export const AUTH_SECRET_FILE = 'auth-secret';
/** A rotation's new secret, present only while the rotation is unfinished. */
export const PENDING_AUTH_SECRET_FILE = 'auth-secret.new';

/** What retiring the old secret removed, in counts. */
export interface AuthSecretRetirement {
  /** Sessions ended: their cookies were signed with the old secret, their tokens sat in the database. */
  sessions: number;
  /** The jwt plugin's key pairs, whose private halves the old secret encrypted. */
  signingKeys: number;
  /** Pending password resets and sign-in states (their links must be asked for again). */
  verifications: number;
}

/**
 * Removes, in one transaction, everything the old auth secret protected or that an attacker
 * holding it and the database could use: every session (everyone signs in once more), the
 * JWT key pairs (better-auth makes a new pair under the new secret on first use) and pending
 * verifications. Accounts, passwords, organizations, invitations and API keys (stored as
 * hashes, independent of the secret) stay. Tables that do not exist yet are skipped.
 *
 * Why not better-auth's versioned `secrets`: old versions only keep *decrypting* (JWT private
 * keys); cookies and email-verification tokens are signed with the current secret alone, so
 * sessions end anyway — and keeping an exposed secret able to decrypt would defeat the point.
 */
export async function retireAuthSecretData(database: AuthDatabase): Promise<AuthSecretRetirement> {
  const existing = new Set((await database.db.introspection.getTables()).map((table) => table.name));
  return database.db.transaction().execute(async (transaction) => {
    const clear = async (table: 'session' | 'jwks' | 'verification') =>
      existing.has(table)
        ? Number((await transaction.deleteFrom(table).executeTakeFirst()).numDeletedRows)
        : 0;
    return {
      sessions: await clear('session'),
      signingKeys: await clear('jwks'),
      verifications: await clear('verification'),
    };
  });
}

/**
 * Local mode: a new `$LIFEOSAI_HOME/auth-secret` (48 random bytes, mode 0600). The new secret
 * goes to `auth-secret.new` first (an earlier run's is kept), the old secret's data is retired,
 * then `auth-secret.new` is renamed over `auth-secret`: a re-run after a crash finishes the job,
 * and the auth service refuses to start while `auth-secret.new` exists. The services must be
 * stopped: auth holds the old secret in memory.
 */
export async function rotateAuthSecretFile(options: {
  home: string;
  database: AuthDatabase;
}): Promise<AuthSecretRetirement & { resumed: boolean }> {
  const pending = join(options.home, PENDING_AUTH_SECRET_FILE);
  const resumed = await fileExists(pending);
  if (!resumed) await createPrivateFile(pending, `${newAuthSecret()}\n`);
  else if ((await readFile(pending, 'utf8')).trim().length < 32) {
    throw new Error(`${pending} is not a complete secret; delete it and run this again.`);
  }
  const retired = await retireAuthSecretData(options.database);
  await renameDurably(pending, join(options.home, AUTH_SECRET_FILE));
  return { ...retired, resumed };
}

/** A fresh auth secret: 48 random bytes, base64url (what a local install generates). */
export function newAuthSecret(): string {
  return randomBytes(48).toString('base64url');
}
