import { randomBytes } from 'node:crypto';
import { nowIso } from '@lifeosai/db';
import { createSecretStore, Redactor, SecretCipher } from '@lifeosai/secrets';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialResolver } from './credentials.ts';

describe.each(testDialects)('provider credentials on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.cleanup());

  it("uses the organization's provider settings first, then the environment, and keeps orgs apart", async () => {
    const redactor = new Redactor();
    const secrets = createSecretStore({
      db: database.db,
      cipher: new SecretCipher(randomBytes(32)),
      redactor,
    });
    await secrets.create('org_a', 'provider.anthropic.apiKey', 'sk-org-a-key-123', 'usr_a');
    const now = nowIso();
    await database.db
      .insertInto('providerSettings')
      .values({
        id: 'prv_1',
        orgId: 'org_a',
        provider: 'anthropic',
        baseUrl: 'http://127.0.0.1:9999',
        defaultModel: null,
        apiKeyRef: 'secret:provider.anthropic.apiKey',
        updatedBy: 'usr_a',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    const credentialsFor = createCredentialResolver({
      db: database.db,
      secrets,
      env: {
        ANTHROPIC_API_KEY: 'sk-env-key-456',
        OPENAI_API_KEY: 'sk-env-openai',
        OPENAI_BASE_URL: 'http://local/v1',
      },
    });

    const forA = await credentialsFor('org_a');
    expect(forA.anthropic).toEqual({ apiKey: 'sk-org-a-key-123', baseUrl: 'http://127.0.0.1:9999' });
    expect(forA.openai).toEqual({ apiKey: 'sk-env-openai', baseUrl: 'http://local/v1' });
    expect((await credentialsFor('org_b')).anthropic).toEqual({ apiKey: 'sk-env-key-456' });
    expect(redactor.redact('key sk-org-a-key-123')).toBe('key [REDACTED]');
  });
});
