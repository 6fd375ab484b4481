import {
  connectionTestSchema,
  modelListSchema,
  providerSettingsSchema,
  secretListSchema,
} from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnsweringServer, startAnsweringServer } from '../testing/answering-server.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

let stack: TestStack;
let owner: TestUser;
let refusing: AnsweringServer;
let missing: AnsweringServer;

beforeAll(async () => {
  stack = await startTestStack('sqlite');
  owner = await stack.signUp('Owner');
  refusing = await startAnsweringServer(401, {
    error: { type: 'authentication_error', message: 'invalid x-api-key' },
  });
  missing = await startAnsweringServer(404, { error: 'not found' });
}, 60_000);

afterAll(async () => {
  await refusing?.close();
  await missing?.close();
  await stack?.close();
});

describe('provider settings', () => {
  it('stores the key as a secret and only ever says hasKey', async () => {
    const saved = await owner.client.put('/api/models/openai', {
      baseUrl: `${stack.fake.openAiBaseUrl}/`,
      apiKey: 'sk-openai-settings-key-1',
      defaultModel: 'claude-haiku-4-5',
    });
    expect(saved.status).toBe(200);
    expectContract(providerSettingsSchema, saved.json);
    expectContract(providerSettingsSchema, (await owner.client.get('/api/models/openai')).json);
    expect(saved.json).toEqual({
      provider: 'openai',
      label: 'OpenAI-compatible',
      baseUrl: stack.fake.openAiBaseUrl,
      customBaseUrl: true,
      defaultModel: 'claude-haiku-4-5',
      hasKey: true,
      keySource: 'stored',
      apiKeySecret: null,
      updatedAt: expect.any(String),
    });
    expect(saved.text).not.toContain('sk-openai-settings-key-1');
    const secrets = (await owner.client.get('/api/secrets')).json.items.map(
      (secret: { name: string }) => secret.name,
    );
    expect(secrets).toContain('provider.openai.apiKey');
    // A later change without a key keeps it.
    const renamed = await owner.client.put('/api/models/openai', { defaultModel: 'claude-opus-4-7' });
    expect(renamed.json).toMatchObject({ hasKey: true, defaultModel: 'claude-opus-4-7' });
  });

  it('can use an existing org secret as the key', async () => {
    await owner.client.post('/api/secrets', { name: 'anthropic-prod', value: 'sk-ant-from-secret-2' });
    const saved = await owner.client.put('/api/models/anthropic', {
      baseUrl: stack.fake.url,
      apiKeySecret: 'anthropic-prod',
    });
    expect(saved.json).toMatchObject({ hasKey: true, keySource: 'secret', apiKeySecret: 'anthropic-prod' });
    const unknown = await owner.client.put('/api/models/anthropic', { apiKeySecret: 'no-such-secret' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('SECRET_NOT_FOUND');
  });

  it("lists a provider's key among the secrets as that provider's, and refuses to delete it there", async () => {
    const secrets = await owner.client.get('/api/secrets');
    expectContract(secretListSchema, secrets.json);
    const byName = Object.fromEntries(
      secrets.json.items.map((secret: { name: string; provider: string | null }) => [
        secret.name,
        secret.provider,
      ]),
    );
    expect(byName).toMatchObject({ 'provider.openai.apiKey': 'openai', 'anthropic-prod': 'anthropic' });
    for (const name of ['provider.openai.apiKey', 'anthropic-prod']) {
      const refused = await owner.client.delete(`/api/secrets/${name}`);
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe('SECRET_IN_USE');
      expect(refused.json.error.message).toContain('Settings → Model providers');
    }
    expect((await owner.client.get('/api/models/openai')).json.hasKey).toBe(true);
  });

  it.each([
    [{ baseUrl: 'ftp://example.test' }],
    [{ baseUrl: 'https://user:pass@example.test' }],
    [{ baseUrl: 'not a url' }],
    [{ apiKey: 'x', apiKeySecret: 'y' }],
    [{ apiKey: '' }],
    [{ temperature: 2 }],
  ])('refuses %j with 400', async (body) => {
    const response = await owner.client.put('/api/models/google', body);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('INVALID_REQUEST');
  });

  it('answers 404 for an unknown provider', async () => {
    const response = await owner.client.get('/api/models/mistral');
    expect(response.status).toBe(404);
    expect(response.json.error.message).toContain('anthropic, openai, google');
  });

  it('removes settings and the key stored for them', async () => {
    await owner.client.put('/api/models/google', { apiKey: 'gemini-key-to-remove' });
    expect((await owner.client.delete('/api/models/google')).status).toBe(204);
    expect((await owner.client.get('/api/models/google')).status).toBe(404);
    const secrets = (await owner.client.get('/api/secrets')).json.items.map(
      (secret: { name: string }) => secret.name,
    );
    expect(secrets).not.toContain('provider.google.apiKey');
  });
});

describe('test connection', () => {
  it('makes a real request with the stored key and reports the models', async () => {
    stack.fake.reset();
    const tested = await owner.client.post('/api/models/openai/test');
    expect(tested.status).toBe(200);
    expect(tested.json).toMatchObject({ provider: 'openai', ok: true, modelCount: 3 });
    expectContract(connectionTestSchema, tested.json);
    const seen = stack.fake.requests.at(-1)!;
    expect(seen.path).toBe('/v1/models');
    expect(seen.headers.authorization).toBe('Bearer sk-openai-settings-key-1');

    const anthropic = await owner.client.post('/api/models/anthropic/test');
    expect(anthropic.json).toMatchObject({ ok: true, modelCount: 3 });
    expect(stack.fake.requests.at(-1)!.headers['x-api-key']).toBe('sk-ant-from-secret-2');
  });

  it('says clearly when the key is refused, the URL is wrong or the server is down', async () => {
    const refused = await owner.client.post('/api/models/anthropic/test', {
      baseUrl: refusing.url,
      apiKey: 'sk-wrong',
    });
    expect(refused.status).toBe(200);
    expect(refused.json.ok).toBe(false);
    expectContract(connectionTestSchema, refused.json);
    expect(refused.json.error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(refused.json.error.message).toContain('refused the API key (HTTP 401)');

    const wrongPath = await owner.client.post('/api/models/openai/test', { baseUrl: missing.url });
    expect(wrongPath.json.error.code).toBe('PROVIDER_NOT_FOUND');
    expect(wrongPath.json.error.message).toContain('/v1');

    const down = await owner.client.post('/api/models/openai/test', { baseUrl: 'http://127.0.0.1:9' });
    expect(down.json.error.code).toBe('PROVIDER_UNREACHABLE');
    expect(down.json.error.message).toContain('http://127.0.0.1:9/models');
  });

  it('says when no key is configured for a provider that needs one', async () => {
    await owner.client.put('/api/models/google', { defaultModel: 'gemini-2.5-pro' });
    const tested = await owner.client.post('/api/models/google/test');
    expect(tested.json).toMatchObject({ ok: false, error: { code: 'PROVIDER_KEY_MISSING' } });
    // Where to go in the app first; the API route only for API clients.
    expect(tested.json.error.message).toMatch(
      /^No Google Gemini API key is configured; add one in Settings → Model providers/,
    );
    expectContract(connectionTestSchema, tested.json);
  });
});

describe('model list', () => {
  it("lists each configured provider's models, and why a provider could not answer", async () => {
    const listed = await owner.client.get('/api/models');
    expect(listed.status).toBe(200);
    expectContract(modelListSchema, listed.json);
    const byProvider = Object.fromEntries(
      listed.json.items.map((item: { provider: string }) => [item.provider, item]),
    );
    expect(byProvider.openai.models.map((model: { id: string }) => model.id)).toEqual([
      'claude-sonnet-4-6',
      'claude-haiku-4-5',
      'claude-opus-4-7',
    ]);
    expect(byProvider.anthropic.models).toHaveLength(3);
    expect(byProvider.google).toMatchObject({ models: [], error: { code: 'PROVIDER_KEY_MISSING' } });
  });
});
