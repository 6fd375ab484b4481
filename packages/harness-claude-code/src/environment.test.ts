import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_MODELS } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { createClaudeCodeHarness } from './harness.ts';
import { STATIC_MODELS } from './list-models.ts';
import { useFixture } from './test-support.ts';

const fixture = useFixture();
const signal = () => new AbortController().signal;

describe('checkEnvironment', () => {
  it('finds the bundled binary with its version, the key, and a writable config dir', async () => {
    const diagnostics = await createClaudeCodeHarness().checkEnvironment({
      credentials: { anthropic: { apiKey: fixture.apiKey } },
      env: {},
      dataDir: fixture.dataDir,
      signal: signal(),
    });
    expect(diagnostics).toEqual([
      {
        id: 'binary-present',
        status: 'ok',
        message: expect.stringMatching(/^Claude Code \d+\.\d+\.\d+ at \//),
      },
      { id: 'anthropic-key', status: 'ok', message: 'An Anthropic API key is configured.' },
      {
        id: 'config-dir-writable',
        status: 'ok',
        message: expect.stringContaining(join(fixture.dataDir, 'claude')),
      },
    ]);
    expect(JSON.stringify(diagnostics)).not.toContain(fixture.apiKey);
  });

  it('reports a missing binary, a missing key and an unusable data dir as errors with fixes', async () => {
    const notADirectory = join(fixture.dataDir, 'a-file');
    writeFileSync(notADirectory, '');
    const diagnostics = await createClaudeCodeHarness({
      executablePath: '/nonexistent/claude',
    }).checkEnvironment({
      credentials: {},
      env: {},
      dataDir: notADirectory,
      signal: signal(),
    });
    expect(diagnostics.map((diagnostic) => [diagnostic.id, diagnostic.status])).toEqual([
      ['binary-present', 'error'],
      ['anthropic-key', 'error'],
      ['config-dir-writable', 'error'],
    ]);
    for (const diagnostic of diagnostics) expect(diagnostic.fix).toEqual(expect.any(String));
  });
});

describe('listModels', () => {
  it('lists the built-in models, one default, when no key is configured', async () => {
    const models = await createClaudeCodeHarness().listModels({ credentials: {}, env: {}, signal: signal() });
    expect(models).toEqual(STATIC_MODELS);
    expect(models.filter((model) => model.isDefault)).toHaveLength(1);
  });

  it('asks the provider when a key is configured', async () => {
    const models = await createClaudeCodeHarness().listModels({
      credentials: { anthropic: { apiKey: fixture.apiKey, baseUrl: fixture.fake.url } },
      env: {},
      signal: signal(),
    });
    expect(models.map((model) => model.id)).toEqual([...FAKE_MODELS]);
    expect(models.find((model) => model.id === 'claude-sonnet-4-6')?.displayName).toBe('Claude Sonnet 4.6');
    expect(models.filter((model) => model.isDefault)).toHaveLength(1);
    const request = fixture.fake.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(request.headers['x-api-key']).toBe(fixture.apiKey);
  });

  it('falls back to the built-in list when the lookup fails or hangs', async () => {
    const failing = createClaudeCodeHarness({ fetch: async () => new Response('nope', { status: 500 }) });
    const hanging = createClaudeCodeHarness({
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    });
    const ctx = { credentials: { anthropic: { apiKey: 'k' } }, env: {}, signal: AbortSignal.timeout(200) };
    expect(await failing.listModels(ctx)).toEqual(STATIC_MODELS);
    expect(await hanging.listModels(ctx)).toEqual(STATIC_MODELS);
  });
});
