import { randomBytes } from 'node:crypto';
import { nowIso } from '@lifeosai/db';
import { createSecretStore, Redactor, SecretCipher, type SecretStore } from '@lifeosai/secrets';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialResolver, createCredentialResolver } from './provider-credentials.ts';

const env = {
  ANTHROPIC_API_KEY: 'sk-env-anthropic',
  ANTHROPIC_BASE_URL: 'http://env.example/',
  OPENAI_API_KEY: 'sk-env-openai',
  GEMINI_BASE_URL: 'http://env-gemini.example',
};
const publicUrls = {
  anthropic: 'http://public-anthropic',
  openai: 'http://public-openai/v1',
  google: 'http://public-gemini',
};

describe.each(testDialects)('provider credentials on %s', (dialect) => {
  let database: TestDatabase;
  let secrets: SecretStore;
  let resolver: CredentialResolver;
  const redactor = new Redactor();

  const setOrganization = async (
    orgId: string,
    provider: string,
    values: { baseUrl?: string; apiKeyRef?: string; defaultModel?: string },
  ) => {
    const now = nowIso();
    await database.db
      .insertInto('providerSettings')
      .values({
        id: `prv_${randomBytes(4).toString('hex')}`,
        orgId,
        provider,
        baseUrl: values.baseUrl ?? null,
        defaultModel: values.defaultModel ?? null,
        apiKeyRef: values.apiKeyRef ?? null,
        updatedBy: 'usr_a',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    secrets = createSecretStore({ db: database.db, cipher: new SecretCipher(randomBytes(32)), redactor });
    resolver = createCredentialResolver({ db: database.db, secrets, env, defaultBaseUrls: publicUrls });
    await secrets.create('org_key', 'provider.anthropic.apiKey', 'sk-org-key-123', 'usr_a');
    await secrets.create('org_both', 'provider.anthropic.apiKey', 'sk-org-both-123', 'usr_a');
    await secrets.create('org_agent', 'agent-key', 'sk-agent-key-123', 'usr_a');
    await setOrganization('org_url', 'anthropic', { baseUrl: 'http://member.example' });
    await setOrganization('org_key', 'anthropic', { apiKeyRef: 'secret:provider.anthropic.apiKey' });
    await setOrganization('org_both', 'anthropic', {
      baseUrl: 'http://org.example',
      apiKeyRef: 'secret:provider.anthropic.apiKey',
    });
    await setOrganization('org_model', 'anthropic', { defaultModel: 'claude-haiku-4-5' });
    await setOrganization('org_envref', 'anthropic', { apiKeyRef: 'env:ANTHROPIC_API_KEY' });
    await setOrganization('org_gone', 'anthropic', { apiKeyRef: 'secret:deleted' });
  });
  afterAll(() => database.cleanup());

  it.each([
    [
      'nothing set anywhere else: the environment, key and base URL',
      'org_none',
      {},
      env.ANTHROPIC_API_KEY,
      'http://env.example',
      'environment',
    ],
    [
      "a member's base URL without a key: never the environment's key",
      'org_url',
      {},
      undefined,
      'http://member.example',
      'organization',
    ],
    [
      "the organization's key without a base URL: the public URL, never the environment's",
      'org_key',
      {},
      'sk-org-key-123',
      publicUrls.anthropic,
      'organization',
    ],
    [
      "the organization's key and base URL",
      'org_both',
      {},
      'sk-org-both-123',
      'http://org.example',
      'organization',
    ],
    [
      'a default model only sets no credential: the environment',
      'org_model',
      {},
      env.ANTHROPIC_API_KEY,
      'http://env.example',
      'environment',
    ],
    [
      "the agent's base URL without a key: no key at all",
      'org_both',
      { anthropic: { baseUrl: 'http://agent.example' } },
      undefined,
      'http://agent.example',
      'agent',
    ],
    [
      "the agent's key without a base URL: the public URL",
      'org_agent',
      { anthropic: { apiKeySecret: 'agent-key' } },
      'sk-agent-key-123',
      publicUrls.anthropic,
      'agent',
    ],
    [
      "the agent's key and base URL",
      'org_agent',
      { anthropic: { apiKeySecret: 'agent-key', baseUrl: 'http://agent.example' } },
      'sk-agent-key-123',
      'http://agent.example',
      'agent',
    ],
  ] as const)('%s', async (_case, orgId, agent, apiKey, baseUrl, source) => {
    const resolved = await resolver.forAgent(orgId, agent, 'anthropic');
    expect(resolved).toEqual({ baseUrl, source, ...(apiKey && { apiKey }) });
  });

  it("resolves each provider from its own first source: one provider's setting never decides another's", async () => {
    const agent = { anthropic: { baseUrl: 'http://agent.example' } };
    expect(await resolver.forAgent('org_both', agent, 'openai')).toEqual({
      apiKey: env.OPENAI_API_KEY,
      baseUrl: publicUrls.openai,
      source: 'environment',
    });
    expect(await resolver.forAgent('org_both', agent, 'google')).toEqual({
      baseUrl: 'http://env-gemini.example',
      source: 'environment',
    });
  });

  it('refuses a key pointed at the environment, and names a missing secret', async () => {
    await expect(resolver.forAgent('org_envref', {}, 'anthropic')).rejects.toMatchObject({
      code: 'SECRET_REF_REFUSED',
      status: 401,
    });
    await expect(resolver.forAgent('org_gone', {}, 'anthropic')).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
      message: expect.stringContaining('"deleted"'),
    });
    await expect(
      resolver.forAgent('org_agent', { anthropic: { apiKeySecret: 'no-such' } }, 'anthropic'),
    ).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
      message: expect.stringMatching(/agent's Anthropic.*"no-such"/),
    });
  });

  it('gives environment checks the organization, else the environment, keeping organizations apart', async () => {
    expect((await resolver.forOrganization('org_both')).anthropic).toEqual({
      apiKey: 'sk-org-both-123',
      baseUrl: 'http://org.example',
    });
    expect((await resolver.forOrganization('org_url')).anthropic).toEqual({
      baseUrl: 'http://member.example',
    });
    expect((await resolver.forOrganization('org_none')).anthropic).toEqual({
      apiKey: env.ANTHROPIC_API_KEY,
      baseUrl: 'http://env.example',
    });
    expect((await resolver.forOrganization('org_gone')).anthropic).toEqual({});
    expect(redactor.redact('key sk-org-both-123')).toBe('key [REDACTED]');
  });
});
