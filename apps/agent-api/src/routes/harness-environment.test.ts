import { randomBytes } from 'node:crypto';
import { environmentReportSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { nowIso } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const canary = `sk-ant-canary-${randomBytes(8).toString('hex')}`;

/**
 * The real harnesses' checks with the real credential lookup: org_a (alice) keeps an
 * Anthropic key in its provider settings (a stored secret); org_b (mallory) has none, and
 * the service's environment has none either.
 */
describe.each(testDialects)('harness environment on %s', (dialect) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(dialect, { env: () => ({}) });
    await platform.secrets.create(alice.orgId, 'provider.anthropic.apiKey', canary, alice.userId);
    const now = nowIso();
    await platform.database.db
      .insertInto('providerSettings')
      .values({
        id: 'prv_env_test',
        orgId: alice.orgId,
        provider: 'anthropic',
        baseUrl: null,
        defaultModel: null,
        apiKeyRef: 'secret:provider.anthropic.apiKey',
        updatedBy: alice.userId,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }, 60_000);
  afterAll(() => platform?.close());

  it.each([
    ['claude-code', 'anthropic-key'],
    ['pi', 'provider-key'],
  ])(
    "checks %s with the caller's organization's keys, and never shows one",
    async (harness, keyCheck) => {
      const ready = await platform.call('GET', `/api/agent/harnesses/${harness}/environment`);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        harness,
        ready: true,
        checkedAt: expect.any(String),
        diagnostics: expect.arrayContaining([expect.objectContaining({ id: keyCheck, status: 'ok' })]),
      });
      for (const diagnostic of ready.body.diagnostics) {
        expect(diagnostic).toEqual({
          id: expect.stringMatching(/^[a-z0-9-]+$/),
          status: expect.stringMatching(/^(ok|warn|error)$/),
          message: expect.any(String),
          ...(diagnostic.fix !== undefined && { fix: expect.any(String) }),
        });
      }
      expectContract(environmentReportSchema, ready.body);
      expect(JSON.stringify(ready.body)).not.toContain(canary);

      const other = await platform.call(
        'GET',
        `/api/agent/harnesses/${harness}/environment`,
        undefined,
        mallory,
      );
      expect(other.body.ready).toBe(false);
      expect(other.body.diagnostics).toContainEqual(
        expect.objectContaining({ id: keyCheck, status: 'error', fix: expect.any(String) }),
      );

      // Polling is cheap: the same report comes back within the cache period.
      const again = await platform.call('GET', `/api/agent/harnesses/${harness}/environment`);
      expect(again.body.checkedAt).toBe(ready.body.checkedAt);
      // "Check again" after fixing something: a new check, not the held report.
      const refreshed = await platform.call(
        'GET',
        `/api/agent/harnesses/${harness}/environment?refresh=true`,
      );
      expect(refreshed.status).toBe(200);
      expect(Date.parse(refreshed.body.checkedAt)).toBeGreaterThan(Date.parse(ready.body.checkedAt));
    },
    90_000,
  );

  it('answers 400 for a refresh that is neither true nor false', async () => {
    const response = await platform.call('GET', '/api/agent/harnesses/pi/environment?refresh=yes');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_REQUEST');
  });

  it('answers 404 for a harness that is not registered', async () => {
    const response = await platform.call('GET', '/api/agent/harnesses/no-such-harness/environment');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  it('leaves GET /harnesses as it was', async () => {
    const response = await platform.call('GET', '/api/agent/harnesses');
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id).sort()).toEqual([
      'acp',
      'claude-code',
      'codex',
      'pi',
    ]);
  });

  it('serves each harness with its own providers, models and config description', async () => {
    const response = await platform.call('GET', '/api/agent/harnesses');
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(
      response.body.items.map((item: { id: string }) => [item.id, item] as const),
    );
    expect(byId.pi).toMatchObject({
      displayName: 'Pi',
      description: expect.any(String),
      capabilities: expect.objectContaining({ resume: true }),
      providers: [
        { id: 'anthropic', label: 'Anthropic', defaultBaseUrl: 'https://api.anthropic.com' },
        { id: 'openai', label: 'OpenAI-compatible', defaultBaseUrl: 'https://api.openai.com/v1' },
        { id: 'google', label: 'Google Gemini', defaultBaseUrl: 'https://generativelanguage.googleapis.com' },
      ],
      configFields: expect.arrayContaining([{ key: 'provider', label: 'Provider', kind: 'provider' }]),
    });
    expect(byId.pi.models).toContainEqual(
      expect.objectContaining({ id: 'gpt-5-mini', provider: 'openai', isDefault: true }),
    );
    expect(byId['claude-code'].providers.map((provider: { id: string }) => provider.id)).toEqual([
      'anthropic',
    ]);
    expect(byId['claude-code'].models).toContainEqual(
      expect.objectContaining({ id: 'claude-opus-5-5', provider: 'anthropic', isDefault: true }),
    );
  });
});
