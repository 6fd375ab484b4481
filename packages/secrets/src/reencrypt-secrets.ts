import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { type SecretCipher, secretAad } from './cipher.ts';

/** What a re-encryption did, in counts: never a name's value. */
export interface ReencryptReport {
  /** Organizations that have at least one stored secret. */
  organizations: number;
  /** Stored secrets in the database. */
  secrets: number;
  /** Secrets that were under the old key and are now under the new one. */
  reencrypted: number;
  /** Secrets already under the new key (a re-run after an interrupted rotation). */
  alreadyCurrent: number;
}

/**
 * Re-encrypts every stored secret of every organization from `from` to `to`, in one
 * transaction: all of them or none. A secret that the new key already opens is left as it
 * is, so running it again after an interruption finishes the job. A secret neither key opens
 * stops everything (nothing is written) with an error naming the organization and the secret.
 *
 * Contract: `onProgress` is called after each secret with the counts so far; if it throws, the
 * transaction is rolled back and the error passes through.
 */
export async function reencryptStoredSecrets(
  db: Kysely<Database>,
  keys: { from: SecretCipher; to: SecretCipher },
  onProgress?: (done: number, total: number) => void,
): Promise<ReencryptReport> {
  return db.transaction().execute(async (transaction) => {
    const rows = await transaction
      .selectFrom('secrets')
      .select(['id', 'orgId', 'name', 'ciphertext'])
      .orderBy('id')
      .execute();
    const report: ReencryptReport = {
      organizations: new Set(rows.map((row) => row.orgId)).size,
      secrets: rows.length,
      reencrypted: 0,
      alreadyCurrent: 0,
    };
    for (const [index, row] of rows.entries()) {
      const aad = secretAad(row.orgId, row.name);
      if (opens(keys.to, row.ciphertext, aad)) {
        report.alreadyCurrent += 1;
      } else {
        const value = openWith(keys.from, row, aad);
        await transaction
          .updateTable('secrets')
          .set({ ciphertext: keys.to.encrypt(value, aad) })
          .where('id', '=', row.id)
          .execute();
        report.reencrypted += 1;
      }
      onProgress?.(index + 1, rows.length);
    }
    return report;
  });
}

/**
 * Reads every stored secret back and decrypts it with `cipher`: the proof that a new key
 * serves them all before the old one is let go. Returns how many were checked.
 */
export async function proveStoredSecrets(db: Kysely<Database>, cipher: SecretCipher): Promise<number> {
  const rows = await db.selectFrom('secrets').select(['id', 'orgId', 'name', 'ciphertext']).execute();
  for (const row of rows) openWith(cipher, row, secretAad(row.orgId, row.name));
  return rows.length;
}

function opens(cipher: SecretCipher, ciphertext: string, aad: string): boolean {
  try {
    cipher.decrypt(ciphertext, aad);
    return true;
  } catch {
    return false;
  }
}

function openWith(
  cipher: SecretCipher,
  row: { orgId: string; name: string; ciphertext: string },
  aad: string,
) {
  try {
    return cipher.decrypt(row.ciphertext, aad);
  } catch (error) {
    throw new PlatformError(
      'SECRET_DECRYPT_FAILED',
      `The stored secret "${row.name}" of organization ${row.orgId} cannot be decrypted with the master key ` +
        'it should be under, so nothing was changed. Check that the old key is the one the services used ' +
        '(LIFEOSAI_MASTER_KEY, or $LIFEOSAI_HOME/master.key), or delete and store that secret again.',
      { cause: error },
    );
  }
}
