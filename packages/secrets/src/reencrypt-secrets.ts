import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely, Transaction } from 'kysely';
import { connectionTokenAad, type SecretCipher, secretAad, stateVerifierAad } from './cipher.ts';

/** What a re-encryption did, in counts: never a name's value. */
export interface ReencryptReport {
  /** Organizations that have at least one stored secret. */
  organizations: number;
  /** Stored secrets in the database. */
  secrets: number;
  /**
   * Other values sealed with the master key: OAuth connections' access and refresh tokens and
   * pending authorizations' PKCE verifiers.
   */
  tokens: number;
  /** Values (secrets and tokens) that were under the old key and are now under the new one. */
  reencrypted: number;
  /** Values already under the new key (a re-run after an interrupted rotation). */
  alreadyCurrent: number;
}

/** One value sealed with the master key: where it is stored and what binds it there. */
interface SealedValue {
  orgId: string;
  /** For an error message: which value this is, never the value. */
  label: string;
  ciphertext: string;
  aad: string;
  /** Writes the value sealed under the new key back where it was. */
  store(transaction: Transaction<Database>, ciphertext: string): Promise<unknown>;
}

/** Every value the master key seals: organization secrets, OAuth tokens and PKCE verifiers. */
async function sealedValues(
  transaction: Transaction<Database>,
): Promise<{ secrets: SealedValue[]; tokens: SealedValue[] }> {
  const secrets = (
    await transaction
      .selectFrom('secrets')
      .select(['id', 'orgId', 'name', 'ciphertext'])
      .orderBy('id')
      .execute()
  ).map(
    (row): SealedValue => ({
      orgId: row.orgId,
      label: `the stored secret "${row.name}" of organization ${row.orgId}`,
      ciphertext: row.ciphertext,
      aad: secretAad(row.orgId, row.name),
      store: (tx, ciphertext) =>
        tx.updateTable('secrets').set({ ciphertext }).where('id', '=', row.id).execute(),
    }),
  );
  const tokens: SealedValue[] = [];
  const connections = await transaction
    .selectFrom('oauthConnections')
    .select(['id', 'orgId', 'accessToken', 'refreshToken'])
    .orderBy('id')
    .execute();
  for (const row of connections) {
    for (const kind of ['access', 'refresh'] as const) {
      const column = kind === 'access' ? 'accessToken' : 'refreshToken';
      const ciphertext = row[column];
      // A revoked connection's tokens are wiped (empty): nothing sealed to carry over.
      if (!ciphertext) continue;
      tokens.push({
        orgId: row.orgId,
        label: `the ${kind} token of OAuth connection ${row.id} (organization ${row.orgId})`,
        ciphertext,
        aad: connectionTokenAad(row.orgId, row.id, kind),
        store: (tx, sealed) =>
          tx
            .updateTable('oauthConnections')
            .set({ [column]: sealed })
            .where('id', '=', row.id)
            .execute(),
      });
    }
  }
  const states = await transaction
    .selectFrom('oauthStates')
    .select(['id', 'orgId', 'codeVerifier'])
    .where('usedAt', 'is', null)
    .orderBy('id')
    .execute();
  for (const row of states)
    tokens.push({
      orgId: row.orgId,
      label: `a pending OAuth authorization of organization ${row.orgId}`,
      ciphertext: row.codeVerifier,
      aad: stateVerifierAad(row.id),
      store: (tx, codeVerifier) =>
        tx.updateTable('oauthStates').set({ codeVerifier }).where('id', '=', row.id).execute(),
    });
  return { secrets, tokens };
}

/**
 * Re-encrypts every value sealed with the master key (every organization's secrets, OAuth
 * connection tokens, pending authorizations' verifiers) from `from` to `to`, in one
 * transaction: all of them or none. A value that the new key already opens is left as it is,
 * so running it again after an interruption finishes the job. A value neither key opens stops
 * everything (nothing is written) with an error naming what it is.
 *
 * Contract: `onProgress` is called after each value with the counts so far; if it throws, the
 * transaction is rolled back and the error passes through.
 */
export async function reencryptStoredSecrets(
  db: Kysely<Database>,
  keys: { from: SecretCipher; to: SecretCipher },
  onProgress?: (done: number, total: number) => void,
): Promise<ReencryptReport> {
  return db.transaction().execute(async (transaction) => {
    const { secrets, tokens } = await sealedValues(transaction);
    const values = [...secrets, ...tokens];
    const report: ReencryptReport = {
      organizations: new Set(secrets.map((value) => value.orgId)).size,
      secrets: secrets.length,
      tokens: tokens.length,
      reencrypted: 0,
      alreadyCurrent: 0,
    };
    for (const [index, value] of values.entries()) {
      if (opens(keys.to, value)) {
        report.alreadyCurrent += 1;
      } else {
        await value.store(transaction, keys.to.encrypt(openWith(keys.from, value), value.aad));
        report.reencrypted += 1;
      }
      onProgress?.(index + 1, values.length);
    }
    return report;
  });
}

/**
 * Reads every sealed value back and decrypts it with `cipher`: the proof that a new key
 * serves them all before the old one is let go. Returns how many were checked.
 */
export async function proveStoredSecrets(db: Kysely<Database>, cipher: SecretCipher): Promise<number> {
  return db.transaction().execute(async (transaction) => {
    const { secrets, tokens } = await sealedValues(transaction);
    for (const value of [...secrets, ...tokens]) openWith(cipher, value);
    return secrets.length + tokens.length;
  });
}

function opens(cipher: SecretCipher, value: SealedValue): boolean {
  try {
    cipher.decrypt(value.ciphertext, value.aad);
    return true;
  } catch {
    return false;
  }
}

function openWith(cipher: SecretCipher, value: SealedValue): string {
  try {
    return cipher.decrypt(value.ciphertext, value.aad);
  } catch (error) {
    throw new PlatformError(
      'SECRET_DECRYPT_FAILED',
      `${value.label[0]!.toUpperCase()}${value.label.slice(1)} cannot be decrypted with the master key ` +
        'it should be under, so nothing was changed. Check that the old key is the one the services used ' +
        '(LIFEOSAI_MASTER_KEY, or $LIFEOSAI_HOME/master.key), or delete and store that secret again ' +
        '(an OAuth connection: revoke it and connect again).',
      { cause: error },
    );
  }
}
