import { type Database, newId, nowIso } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { type SecretCipher, secretAad } from './cipher.ts';
import type { Redactor } from './redactor.ts';
import { parseSecretRef } from './secret-ref.ts';

/** What the outside world may see of a stored secret: never its value. */
export interface SecretSummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Stored secrets of one organization, encrypted at rest. Values go in and come out only
 * through `reveal`, which the platform uses internally to resolve `secret:NAME` for a
 * harness; no method lists or returns values to a caller.
 */
export interface SecretStore {
  /** Creates the secret; `SECRET_EXISTS` (409) if the name is taken (use `rotate`). */
  create(orgId: string, name: string, value: string, createdBy: string): Promise<SecretSummary>;
  /** Replaces the value of an existing secret; `SECRET_NOT_FOUND` (404) otherwise. */
  rotate(orgId: string, name: string, value: string): Promise<SecretSummary>;
  /** Deletes it; false when there was none. */
  delete(orgId: string, name: string): Promise<boolean>;
  /** Names and dates, sorted by name. */
  list(orgId: string): Promise<SecretSummary[]>;
  /** The decrypted value, or undefined. Every revealed value is added to the redactor. */
  reveal(orgId: string, name: string): Promise<string | undefined>;
}

export interface SecretStoreOptions {
  db: Kysely<Database>;
  cipher: SecretCipher;
  /** Shared with the logger, so a value that has been in memory never reaches a log line. */
  redactor: Redactor;
}

export function createSecretStore({ db, cipher, redactor }: SecretStoreOptions): SecretStore {
  const summaryColumns = ['id', 'name', 'createdAt', 'updatedAt'] as const;

  function validate(name: string, value: string): void {
    parseSecretRef(`secret:${name}`);
    if (value.length === 0) {
      throw new PlatformError('SECRET_VALUE_EMPTY', `Secret "${name}" needs a non-empty value.`);
    }
  }

  return {
    async create(orgId, name, value, createdBy) {
      validate(name, value);
      const now = nowIso();
      const row = { id: newId('sec'), orgId, name, createdBy, createdAt: now, updatedAt: now };
      const inserted = await db
        .insertInto('secrets')
        .values({ ...row, ciphertext: cipher.encrypt(value, secretAad(orgId, name)) })
        .onConflict((conflict) => conflict.columns(['orgId', 'name']).doNothing())
        .returning(summaryColumns)
        .executeTakeFirst();
      if (!inserted) {
        throw new PlatformError(
          'SECRET_EXISTS',
          `A secret named "${name}" already exists; rotate it to change its value.`,
        );
      }
      redactor.add(value);
      return inserted;
    },

    async rotate(orgId, name, value) {
      validate(name, value);
      const updated = await db
        .updateTable('secrets')
        .set({ ciphertext: cipher.encrypt(value, secretAad(orgId, name)), updatedAt: nowIso() })
        .where('orgId', '=', orgId)
        .where('name', '=', name)
        .returning(summaryColumns)
        .executeTakeFirst();
      if (!updated) throw notFound(name);
      redactor.add(value);
      return updated;
    },

    async delete(orgId, name) {
      const result = await db
        .deleteFrom('secrets')
        .where('orgId', '=', orgId)
        .where('name', '=', name)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    list(orgId) {
      return db
        .selectFrom('secrets')
        .select(summaryColumns)
        .where('orgId', '=', orgId)
        .orderBy('name')
        .execute();
    },

    async reveal(orgId, name) {
      const row = await db
        .selectFrom('secrets')
        .select('ciphertext')
        .where('orgId', '=', orgId)
        .where('name', '=', name)
        .executeTakeFirst();
      if (!row) return undefined;
      const value = cipher.decrypt(row.ciphertext, secretAad(orgId, name));
      redactor.add(value);
      return value;
    },
  };
}

function notFound(name: string): PlatformError {
  return new PlatformError('SECRET_NOT_FOUND', `There is no secret named "${name}" in this organization.`);
}
