import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUnsupported } from '@lifeosai/harness-spec';
import { startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { createPiHarness, piHarness } from './harness.ts';

const signal = new AbortController().signal;

describe('piHarness.configSchema', () => {
  it('applies defaults and rejects unknown keys', () => {
    expect(piHarness.configSchema.safeParse({})).toEqual({
      success: true,
      data: { provider: 'anthropic', maxRetries: 2, thinking: 'off' },
    });
    const bad = piHarness.configSchema.safeParse({ provider: 'openai', modle: 'x' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.message).toContain('modle');
    expect(piHarness.configSchema.safeParse({ maxRetries: -1 }).success).toBe(false);
    expect(piHarness.configSchema.safeParse({ baseUrl: 'not a url' }).success).toBe(false);
  });
});

describe('piHarness.start', () => {
  it('throws UnsupportedFeatureError for a session kind it does not know', () => {
    const context = { session: { kind: 'teleport' } } as never;
    expect(() => piHarness.start(context)).toThrow(
      expect.objectContaining({ feature: 'session kind "teleport"' }),
    );
    try {
      piHarness.start(context);
    } catch (error) {
      expect(isUnsupported(error)).toBe(true);
    }
  });
});

describe('piHarness.listModels', () => {
  it('lists the static catalog per provider, one default in all', async () => {
    const models = await piHarness.listModels({ credentials: {}, env: {}, signal });
    expect(new Set(models.map((model) => model.provider))).toEqual(
      new Set(['anthropic', 'openai', 'google']),
    );
    expect(models.filter((model) => model.isDefault)).toEqual([
      expect.objectContaining({ id: 'claude-sonnet-4-6', provider: 'anthropic' }),
    ]);
  });

  it('asks an OpenAI-compatible endpoint for its models', async () => {
    await using fake = await startFakeLlm();
    const models = await piHarness.listModels({
      config: { provider: 'openai', model: 'claude-haiku-4-5', maxRetries: 2, thinking: 'off' },
      credentials: { openai: { baseUrl: fake.openAiBaseUrl, apiKey: 'sk-list' } },
      env: {},
      signal,
    });
    expect(models.map((model) => model.id)).toEqual([
      'claude-haiku-4-5',
      'claude-opus-4-7',
      'claude-sonnet-4-6',
    ]);
    expect(models.find((model) => model.isDefault)?.id).toBe('claude-haiku-4-5');
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/models',
      headers: { authorization: 'Bearer sk-list' },
    });
  });

  it('falls back to the static list when the live lookup fails', async () => {
    const harness = createPiHarness({ fetch: async () => Promise.reject(new Error('ECONNREFUSED')) });
    const models = await harness.listModels({
      config: { provider: 'openai', maxRetries: 2, thinking: 'off' },
      credentials: { openai: { baseUrl: 'http://127.0.0.1:9/v1' } },
      env: {},
      signal,
    });
    expect(models[0]).toMatchObject({ id: 'gpt-5-mini', isDefault: true });
  });
});

describe('piHarness.checkEnvironment', () => {
  it('finds Node, the SDK, a writable data dir, and the configured key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'harness-pi-env-'));
    const diagnostics = await piHarness.checkEnvironment({
      config: { provider: 'anthropic', maxRetries: 2, thinking: 'off' },
      credentials: { anthropic: { apiKey: 'sk-check-secret' } },
      env: {},
      dataDir,
      signal,
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ id: 'node-version', status: 'ok' }),
      expect.objectContaining({ id: 'anthropic-key', status: 'ok' }),
      expect.objectContaining({ id: 'data-dir', status: 'ok' }),
      { id: 'pi-sdk', status: 'ok', message: 'The Pi SDK 0.87.1 loads' },
    ]);
    expect(JSON.stringify(diagnostics)).not.toContain('sk-check-secret');
  });

  it('reports a missing key as an error with a fix', async () => {
    const diagnostics = await piHarness.checkEnvironment({
      config: { provider: 'google', maxRetries: 2, thinking: 'off' },
      credentials: {},
      env: {},
      signal,
    });
    expect(diagnostics.find((diagnostic) => diagnostic.id === 'google-key')).toMatchObject({
      status: 'error',
      fix: expect.any(String),
    });
  });
});
