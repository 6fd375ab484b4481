import { randomBytes } from 'node:crypto';
import { newId, nowIso } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import { type FakeLlm, type RecordedRequest, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../http/identity.ts';
import { fakeProviderEnvironment, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/**
 * The credential matrix, with real runs of the real harnesses: agent / organization /
 * environment × key / base URL, each source on a fake LLM of its own port. The first source
 * that sets anything supplies both key and base URL; the environment's key only ever
 * reaches the environment's base URL — counted at the fakes.
 */
type Fakes = Record<'environment' | 'organization' | 'agent' | 'public', FakeLlm>;
type Where = keyof Fakes;

interface Case {
  name: string;
  organization?: { key?: boolean; url?: boolean };
  agent?: { key?: boolean; url?: boolean; legacyPiBaseUrl?: boolean };
  /** The fake the call must reach, and the key it must carry (none: no key at all). */
  reaches: Where;
  key?: 'environment' | 'organization' | 'agent';
}

const cases: Case[] = [
  { name: 'nothing set but the environment', reaches: 'environment', key: 'environment' },
  { name: 'organization base URL only', organization: { url: true }, reaches: 'organization' },
  { name: 'organization key only', organization: { key: true }, reaches: 'public', key: 'organization' },
  {
    name: 'organization key and base URL',
    organization: { key: true, url: true },
    reaches: 'organization',
    key: 'organization',
  },
  {
    name: 'agent base URL only, over an organization with both',
    organization: { key: true, url: true },
    agent: { url: true },
    reaches: 'agent',
  },
  { name: 'agent key only', agent: { key: true }, reaches: 'public', key: 'agent' },
  {
    name: 'agent key and base URL',
    organization: { key: true, url: true },
    agent: { key: true, url: true },
    reaches: 'agent',
    key: 'agent',
  },
  { name: "Pi's own baseUrl (the agent source)", agent: { legacyPiBaseUrl: true }, reaches: 'agent' },
];

const harnesses = [
  { harness: 'claude-code', provider: 'anthropic', adapterConfig: { model: 'claude-sonnet-4-6' } },
  { harness: 'pi', provider: 'openai', adapterConfig: { provider: 'openai', model: 'gpt-4o' } },
] as const;

describe.each(testDialects)('the credential matrix on %s', (dialect) => {
  const keys = {
    environment: `sk-env-${randomBytes(8).toString('hex')}`,
    organization: `sk-org-${randomBytes(8).toString('hex')}`,
    agent: `sk-agent-${randomBytes(8).toString('hex')}`,
  };
  let platform: TestPlatform;
  let fakes: Fakes;
  const baseUrl = (where: Where, provider: 'anthropic' | 'openai') =>
    provider === 'openai' ? fakes[where].openAiBaseUrl : fakes[where].url;

  beforeAll(async () => {
    const [organization, agent, publicFake] = await Promise.all([
      startFakeLlm(),
      startFakeLlm(),
      startFakeLlm(),
    ]);
    platform = await startTestPlatform(dialect, {
      env: (fake) => fakeProviderEnvironment(fake, keys.environment),
      defaultBaseUrls: () => ({
        anthropic: publicFake.url,
        openai: publicFake.openAiBaseUrl,
        google: publicFake.url,
      }),
    });
    fakes = { environment: platform.fake, organization, agent, public: publicFake };
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await Promise.all([fakes?.organization.close(), fakes?.agent.close(), fakes?.public.close()]);
  });

  const keyOf = (request: RecordedRequest, provider: 'anthropic' | 'openai') =>
    provider === 'anthropic'
      ? request.headers['x-api-key']
      : (request.headers.authorization as string | undefined)?.replace(/^Bearer /, '');

  describe.each(harnesses)('$harness ($provider)', ({ harness, provider, adapterConfig }) => {
    it.each(cases.filter((entry) => harness === 'pi' || !entry.agent?.legacyPiBaseUrl))(
      '$name',
      async (entry) => {
        const identity: Identity = { userId: 'usr_matrix', orgId: `org_${newId('m')}`, role: 'owner' };
        if (entry.organization) {
          if (entry.organization.key)
            await platform.secrets.create(identity.orgId, 'org-key', keys.organization, 'usr_matrix');
          const now = nowIso();
          await platform.database.db
            .insertInto('providerSettings')
            .values({
              id: newId('prv'),
              orgId: identity.orgId,
              provider,
              baseUrl: entry.organization.url ? baseUrl('organization', provider) : null,
              defaultModel: null,
              apiKeyRef: entry.organization.key ? 'secret:org-key' : null,
              updatedBy: 'usr_matrix',
              createdAt: now,
              updatedAt: now,
            })
            .execute();
        }
        if (entry.agent?.key)
          await platform.secrets.create(identity.orgId, 'agent-key', keys.agent, 'usr_matrix');
        const own =
          entry.agent && !entry.agent.legacyPiBaseUrl
            ? {
                providers: {
                  [provider]: {
                    ...(entry.agent.url && { baseUrl: baseUrl('agent', provider) }),
                    ...(entry.agent.key && { apiKeySecret: 'agent-key' }),
                  },
                },
              }
            : {};
        const legacy = entry.agent?.legacyPiBaseUrl ? { baseUrl: baseUrl('agent', provider) } : {};
        const created = await platform.call(
          'POST',
          '/api/agent/agents',
          { name: 'matrix', adapterType: harness, adapterConfig: { ...adapterConfig, ...own, ...legacy } },
          identity,
        );
        expect(created.status).toBe(201);
        const marker = `matrix-${randomBytes(5).toString('hex')}`;
        const run = await platform.call(
          'POST',
          `/api/agent/agents/${created.body.id}/runs`,
          { prompt: marker },
          identity,
        );
        const finished = await platform.waitForRun(run.body.id, identity);
        expect(finished.status).toBe('succeeded');

        const reached = (Object.keys(fakes) as Where[]).filter((where) =>
          fakes[where].modelRequests().some((request) => JSON.stringify(request.body).includes(marker)),
        );
        expect(reached).toEqual([entry.reaches]);
        const calls = fakes[entry.reaches]
          .modelRequests()
          .filter((request) => JSON.stringify(request.body).includes(marker));
        for (const call of calls) expect(keyOf(call, provider)).toBe(entry.key ? keys[entry.key] : undefined);
      },
      120_000,
    );
  });

  it("sent the environment's key to the environment's base URL only, and no run token anywhere", () => {
    for (const where of Object.keys(fakes) as Where[]) {
      const seen = JSON.stringify(fakes[where].requests.map((request) => [request.headers, request.query]));
      if (where !== 'environment') expect(seen, where).not.toContain(keys.environment);
      expect(seen, where).not.toMatch(/eyJ[\w-]+\.eyJ/);
    }
    expect(JSON.stringify(fakes.environment.requests.map((request) => request.headers))).toContain(
      keys.environment,
    );
  });
});
