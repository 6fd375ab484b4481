import { randomBytes } from 'node:crypto';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretCipher } from './cipher.ts';
import { Redactor } from './redactor.ts';
import { resolveSecretRef } from './secret-ref.ts';
import { createSecretStore, type SecretStore } from './secret-store.ts';

describe.each(testDialects)('stored secrets on %s', (dialect) => {
  let database: TestDatabase;
  let store: SecretStore;
  const redactor = new Redactor();
  const canary = `sk-canary-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    store = createSecretStore({ db: database.db, cipher: new SecretCipher(randomBytes(32)), redactor });
  });
  afterAll(() => database.cleanup());

  it('round-trips a value that is stored only encrypted and listed only by name', async () => {
    const summary = await store.create('org_a', 'ANTHROPIC_KEY', canary, 'usr_1');
    expect(summary).toEqual({
      id: expect.stringMatching(/^sec_/),
      name: 'ANTHROPIC_KEY',
      createdAt: expect.any(String),
      updatedAt: summary.createdAt,
    });
    expect(JSON.stringify(summary)).not.toContain(canary);

    const raw = await database.db.selectFrom('secrets').selectAll().execute();
    expect(JSON.stringify(raw)).not.toContain(canary);
    expect(await store.list('org_a')).toEqual([summary]);
    expect(await store.reveal('org_a', 'ANTHROPIC_KEY')).toBe(canary);
    expect(
      await resolveSecretRef('secret:ANTHROPIC_KEY', {
        env: {},
        lookupStored: (name) => store.reveal('org_a', name),
      }),
    ).toBe(canary);
    expect(redactor.redact(`key=${canary}`)).toBe('key=[REDACTED]');
  });

  it('keeps organizations apart: another org neither sees nor reveals the secret', async () => {
    expect(await store.list('org_b')).toEqual([]);
    expect(await store.reveal('org_b', 'ANTHROPIC_KEY')).toBeUndefined();
  });

  it('refuses a duplicate name, rotates, and deletes', async () => {
    await expect(store.create('org_a', 'ANTHROPIC_KEY', 'another-value', 'usr_1')).rejects.toMatchObject({
      code: 'SECRET_EXISTS',
      status: 409,
    });
    await store.rotate('org_a', 'ANTHROPIC_KEY', 'rotated-value-123');
    expect(await store.reveal('org_a', 'ANTHROPIC_KEY')).toBe('rotated-value-123');
    await expect(store.rotate('org_a', 'MISSING', 'x-value-123')).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
    expect(await store.delete('org_a', 'ANTHROPIC_KEY')).toBe(true);
    expect(await store.delete('org_a', 'ANTHROPIC_KEY')).toBe(false);
    expect(await store.reveal('org_a', 'ANTHROPIC_KEY')).toBeUndefined();
  });

  it('refuses bad names and empty values with a 400', async () => {
    await expect(store.create('org_a', '../etc', 'value-1234', 'usr_1')).rejects.toMatchObject({
      status: 400,
    });
    await expect(store.create('org_a', 'EMPTY', '', 'usr_1')).rejects.toMatchObject({
      code: 'SECRET_VALUE_EMPTY',
    });
  });

  it('fails loudly when the master key changed, without revealing anything', async () => {
    await store.create('org_a', 'OTHER_KEY', canary, 'usr_1');
    const withWrongKey = createSecretStore({
      db: database.db,
      cipher: new SecretCipher(randomBytes(32)),
      redactor: new Redactor(),
    });
    const failure = await withWrongKey.reveal('org_a', 'OTHER_KEY').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'SECRET_DECRYPT_FAILED' });
    expect(String((failure as Error).message)).not.toContain(canary);
  });
});
