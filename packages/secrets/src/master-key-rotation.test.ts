import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectionTokenAad, SecretCipher, stateVerifierAad } from './cipher.ts';
import { loadMasterKey } from './master-key.ts';
import { rotateMasterKeyFile, rotateMasterKeyFromEnvironment } from './master-key-rotation.ts';
import { Redactor } from './redactor.ts';
import { reencryptStoredSecrets } from './reencrypt-secrets.ts';
import { createSecretStore } from './secret-store.ts';

/** Two organizations' secrets, as the gateway stores them (provider keys included). */
const stored = [
  ['org_a', 'provider.anthropic.apiKey', `sk-ant-${randomBytes(12).toString('hex')}`],
  ['org_a', 'GITHUB_TOKEN', `ghp_${randomBytes(12).toString('hex')}`],
  ['org_a', 'SLACK_TOKEN', `xoxb-${randomBytes(12).toString('hex')}`],
  ['org_b', 'provider.openai.apiKey', `sk-${randomBytes(12).toString('hex')}`],
  ['org_b', 'DB_PASSWORD', `pw-${randomBytes(12).toString('hex')}`],
] as const;

async function storeAll(database: TestDatabase, key: Buffer): Promise<void> {
  const store = createSecretStore({
    db: database.db,
    cipher: new SecretCipher(key),
    redactor: new Redactor(),
  });
  for (const [orgId, name, value] of stored) await store.create(orgId, name, value, 'usr_1');
}

async function revealAll(database: TestDatabase, key: Buffer): Promise<string[]> {
  const store = createSecretStore({
    db: database.db,
    cipher: new SecretCipher(key),
    redactor: new Redactor(),
  });
  return Promise.all(stored.map(async ([orgId, name]) => (await store.reveal(orgId, name)) ?? 'missing'));
}

const values = stored.map(([, , value]) => value);

describe.each(testDialects)('master key rotation on %s', (dialect) => {
  let database: TestDatabase;
  let home: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.cleanup());
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'lifeosai-rotate-'));
    await database.db.deleteFrom('secrets').execute();
    await database.db.deleteFrom('oauthConnections').execute();
    await database.db.deleteFrom('oauthStates').execute();
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  describe('local mode (key file)', () => {
    it('re-encrypts every secret of every organization under a new key file and drops the backup', async () => {
      const oldKey = await loadMasterKey({ mode: 'local', home, env: {} });
      await storeAll(database, oldKey);
      const progress: number[] = [];

      const report = await rotateMasterKeyFile({
        home,
        db: database.db,
        onProgress: (done) => progress.push(done),
      });

      expect(report).toEqual({
        organizations: 2,
        secrets: 5,
        tokens: 0,
        reencrypted: 5,
        alreadyCurrent: 0,
        proven: 5,
        resumed: false,
      });
      expect(progress).toEqual([1, 2, 3, 4, 5]);
      const newKey = await loadMasterKey({ mode: 'local', home, env: {} });
      expect(newKey.equals(oldKey)).toBe(false);
      expect(statSync(join(home, 'master.key')).mode & 0o777).toBe(0o600);
      expect(existsSync(join(home, 'master.key.new'))).toBe(false);
      expect(existsSync(join(home, 'master.key.old'))).toBe(false);
      expect(await revealAll(database, newKey)).toEqual(values);
      await expect(revealAll(database, oldKey)).rejects.toMatchObject({ code: 'SECRET_DECRYPT_FAILED' });
      // The report holds counts only.
      expect(JSON.stringify(report)).not.toMatch(/sk-|ghp_|xoxb-|pw-/);
    });

    it('keeps the old key as master.key.old when asked', async () => {
      const oldKey = await loadMasterKey({ mode: 'local', home, env: {} });
      await storeAll(database, oldKey);
      await rotateMasterKeyFile({ home, db: database.db, keepBackup: true });
      expect(statSync(join(home, 'master.key.old')).mode & 0o777).toBe(0o600);
      expect(
        Buffer.from(readFileSync(join(home, 'master.key.old'), 'utf8').trim(), 'base64').equals(oldKey),
      ).toBe(true);
    });

    it('changes nothing when interrupted inside the transaction, blocks start-up, and finishes on a re-run', async () => {
      const oldKey = await loadMasterKey({ mode: 'local', home, env: {} });
      await storeAll(database, oldKey);
      const crash = rotateMasterKeyFile({
        home,
        db: database.db,
        onProgress: (done) => {
          if (done === 3) throw new Error('power cut');
        },
      });
      await expect(crash).rejects.toThrow('power cut');

      // All or nothing: every secret is still under the old key, which is still master.key.
      expect(await revealAll(database, oldKey)).toEqual(values);
      expect(readFileSync(join(home, 'master.key.old'), 'utf8')).toBe(
        readFileSync(join(home, 'master.key'), 'utf8'),
      );
      const pendingText = readFileSync(join(home, 'master.key.new'), 'utf8');
      await expect(loadMasterKey({ mode: 'local', home, env: {} })).rejects.toMatchObject({
        code: 'MASTER_KEY_ROTATION_INCOMPLETE',
        message: expect.stringContaining('npm run rotate:master-key'),
      });

      const report = await rotateMasterKeyFile({ home, db: database.db });
      expect(report).toMatchObject({ resumed: true, reencrypted: 5, proven: 5 });
      // The re-run used the key the first run had set aside, not a third one.
      expect(readFileSync(join(home, 'master.key'), 'utf8')).toBe(pendingText);
      expect(await revealAll(database, await loadMasterKey({ mode: 'local', home, env: {} }))).toEqual(
        values,
      );
    });

    it('finishes a rotation interrupted after its commit, before the key file was swapped', async () => {
      const oldKey = await loadMasterKey({ mode: 'local', home, env: {} });
      await storeAll(database, oldKey);
      const pending = randomBytes(32);
      writeFileSync(join(home, 'master.key.new'), pending.toString('base64'), { mode: 0o600 });
      await reencryptStoredSecrets(database.db, {
        from: new SecretCipher(oldKey),
        to: new SecretCipher(pending),
      });

      const report = await rotateMasterKeyFile({ home, db: database.db });
      expect(report).toMatchObject({ resumed: true, reencrypted: 0, alreadyCurrent: 5, proven: 5 });
      expect((await loadMasterKey({ mode: 'local', home, env: {} })).equals(pending)).toBe(true);
    });

    it('stops without writing anything when a secret opens with neither key, naming it', async () => {
      const oldKey = await loadMasterKey({ mode: 'local', home, env: {} });
      await storeAll(database, oldKey);
      const stranger = createSecretStore({
        db: database.db,
        cipher: new SecretCipher(randomBytes(32)),
        redactor: new Redactor(),
      });
      await stranger.create('org_c', 'ORPHAN', 'written-under-another-key', 'usr_9');

      await expect(rotateMasterKeyFile({ home, db: database.db })).rejects.toMatchObject({
        code: 'SECRET_DECRYPT_FAILED',
        message: expect.stringMatching(/"ORPHAN" of organization org_c .*nothing was changed/),
      });
      expect(await revealAll(database, oldKey)).toEqual(values);
    });

    it('re-encrypts OAuth connection tokens and pending authorizations too, each still bound to its row', async () => {
      const oldKey = await loadMasterKey({ mode: 'local', home, env: {} });
      await storeAll(database, oldKey);
      const old = new SecretCipher(oldKey);
      const now = new Date().toISOString();
      const access = `gho_${randomBytes(12).toString('hex')}`;
      const refresh = `ghr_${randomBytes(12).toString('hex')}`;
      const verifier = randomBytes(32).toString('base64url');
      await database.db
        .insertInto('oauthConnections')
        .values({
          id: 'conn_1',
          orgId: 'org_a',
          provider: 'github',
          account: null,
          scopes: '[]',
          accessToken: old.encrypt(access, connectionTokenAad('org_a', 'conn_1', 'access')),
          refreshToken: old.encrypt(refresh, connectionTokenAad('org_a', 'conn_1', 'refresh')),
          expiresAt: null,
          status: 'active',
          lastError: null,
          createdBy: 'usr_1',
          createdAt: now,
          updatedAt: now,
          refreshedAt: null,
          revokedAt: null,
        })
        .execute();
      await database.db
        .insertInto('oauthStates')
        .values({
          id: 'state_hash_1',
          orgId: 'org_a',
          userId: 'usr_1',
          provider: 'github',
          codeVerifier: old.encrypt(verifier, stateVerifierAad('state_hash_1')),
          returnTo: null,
          createdAt: now,
          expiresAt: now,
          usedAt: null,
        })
        .execute();

      const report = await rotateMasterKeyFile({ home, db: database.db });

      expect(report).toMatchObject({ secrets: 5, tokens: 3, reencrypted: 8, proven: 8 });
      const next = new SecretCipher(await loadMasterKey({ mode: 'local', home, env: {} }));
      const row = await database.db.selectFrom('oauthConnections').selectAll().executeTakeFirstOrThrow();
      expect(next.decrypt(row.accessToken, connectionTokenAad('org_a', 'conn_1', 'access'))).toBe(access);
      expect(next.decrypt(row.refreshToken!, connectionTokenAad('org_a', 'conn_1', 'refresh'))).toBe(refresh);
      expect(() => next.decrypt(row.accessToken, connectionTokenAad('org_a', 'conn_1', 'refresh'))).toThrow();
      const state = await database.db.selectFrom('oauthStates').selectAll().executeTakeFirstOrThrow();
      expect(next.decrypt(state.codeVerifier, stateVerifierAad('state_hash_1'))).toBe(verifier);
      expect(await revealAll(database, oldKey).catch(() => 'old key refused')).toBe('old key refused');
    });

    it('says there is nothing to rotate before the first start', async () => {
      await expect(rotateMasterKeyFile({ home, db: database.db })).rejects.toMatchObject({
        code: 'MASTER_KEY_MISSING',
      });
    });
  });

  describe('keys from the environment (cloud mode)', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const env = {
      LIFEOSAI_MASTER_KEY: oldKey.toString('base64'),
      LIFEOSAI_NEW_MASTER_KEY: newKey.toString('hex'),
    };

    it('re-encrypts from LIFEOSAI_MASTER_KEY to LIFEOSAI_NEW_MASTER_KEY, and a re-run confirms', async () => {
      await storeAll(database, oldKey);
      expect(await rotateMasterKeyFromEnvironment({ env, db: database.db })).toMatchObject({
        secrets: 5,
        tokens: 0,
        reencrypted: 5,
        proven: 5,
        resumed: false,
      });
      expect(await revealAll(database, newKey)).toEqual(values);
      expect(await rotateMasterKeyFromEnvironment({ env, db: database.db })).toMatchObject({
        reencrypted: 0,
        alreadyCurrent: 5,
        resumed: true,
      });
    });

    it('generates the new key only into the file it is told, and reuses that file on a re-run', async () => {
      await storeAll(database, oldKey);
      const file = join(home, 'new-master.key');
      const only = { LIFEOSAI_MASTER_KEY: env.LIFEOSAI_MASTER_KEY };
      await rotateMasterKeyFromEnvironment({ env: only, db: database.db, newKeyFile: file });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const generated = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
      expect(await revealAll(database, generated)).toEqual(values);
      const again = await rotateMasterKeyFromEnvironment({ env: only, db: database.db, newKeyFile: file });
      expect(again).toMatchObject({ resumed: true, alreadyCurrent: 5 });
    });

    it('refuses to guess: a missing, doubled or unchanged new key is an error that shows no key', async () => {
      const attempts = [
        rotateMasterKeyFromEnvironment({
          env: { LIFEOSAI_MASTER_KEY: env.LIFEOSAI_MASTER_KEY },
          db: database.db,
        }),
        rotateMasterKeyFromEnvironment({ env, db: database.db, newKeyFile: join(home, 'x.key') }),
        rotateMasterKeyFromEnvironment({
          env: { ...env, LIFEOSAI_NEW_MASTER_KEY: env.LIFEOSAI_MASTER_KEY },
          db: database.db,
        }),
        rotateMasterKeyFromEnvironment({ env: { LIFEOSAI_NEW_MASTER_KEY: 'short' }, db: database.db }),
      ];
      const codes: string[] = [];
      for (const attempt of attempts) {
        const error = await attempt.then(
          () => undefined,
          (reason: { code: string; message: string }) => reason,
        );
        expect(error?.message).not.toContain(env.LIFEOSAI_MASTER_KEY);
        expect(error?.message).not.toContain(env.LIFEOSAI_NEW_MASTER_KEY);
        codes.push(error?.code ?? 'none');
      }
      expect(codes).toEqual([
        'MASTER_KEY_MISSING',
        'MASTER_KEY_AMBIGUOUS',
        'MASTER_KEY_UNCHANGED',
        'MASTER_KEY_MISSING',
      ]);
    });
  });
});
