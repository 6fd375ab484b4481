import { createHash } from 'node:crypto';
import { scriptToolCall } from '@lifeosai/harness-conformance';
import { type MockOAuthProvider, startMockOAuthProvider } from '@lifeosai/oauth-connections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResponse } from '../testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser, webOrigin } from '../testing/test-stack.ts';

/*
 * OAuth connections end to end, every part real: the gateway, the auth service, the Agent API
 * running Pi (in its sandbox, on the fake LLM) and a local OAuth 2 provider that checks PKCE.
 * A member connects an account; an agent granted it gets a fresh token in its sandbox's
 * environment (its shell prints the token's hash, never the token); tokens are refreshed,
 * revoked, and never appear in a response, an event or a log line.
 */

let provider: MockOAuthProvider;
let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
const responses: TestResponse[] = [];
const eventTexts: string[] = [];
/** The states and codes the provider sent back: one-time, but no log line may show them either. */
const oneTimeValues = new Set<string>();

async function record(pending: Promise<TestResponse>): Promise<TestResponse> {
  const response = await pending;
  responses.push(response);
  return response;
}

/** Connect → the provider's consent → the callback, as the browser goes. */
async function connect(user: TestUser, body: Record<string, unknown> = {}) {
  const started = await record(user.client.post('/api/oauth/mock/connect', body));
  expect(started.status).toBe(200);
  const authorizeUrl = new URL(started.json.url);
  const callback = await provider.consent(authorizeUrl.toString());
  for (const name of ['state', 'code']) {
    const value = callback.searchParams.get(name);
    if (value) oneTimeValues.add(value);
  }
  return { authorizeUrl, callback };
}

async function visitCallback(user: TestUser | undefined, callback: URL) {
  const client = user?.client ?? stack.client();
  return record(client.get(callback.pathname + callback.search));
}

/** Runs the agent once; its shell prints the SHA-256 of `$VARIABLE` (empty when unset). */
async function runPrintingHash(agentId: string, variable: string) {
  const marker = `hash-${Math.random().toString(36).slice(2, 10)}`;
  scriptToolCall(
    stack.fake,
    marker,
    'bash',
    { command: `printf %s "$${variable}" | sha256sum | cut -c1-64; printf 'len=%s\\n' "\${#${variable}}"` },
    'Printed.',
  );
  const run = await record(
    owner.client.post(`/api/agent/agents/${agentId}/runs`, { prompt: `Hash it. ${marker}` }),
  );
  const finished = await stack.waitForRun(owner.client, run.json.id);
  const events = await record(owner.client.get(`/api/agent/runs/${run.json.id}/events`));
  eventTexts.push(events.text);
  return { run: finished, events: events.text };
}

/** The error a callback's redirect lands on Settings → Connections with (nothing else in the URL). */
function refusedWith(response: TestResponse): string | null {
  expect(response.status).toBe(302);
  const landing = new URL(response.headers.get('location')!);
  expect(landing.origin + landing.pathname).toBe(`${webOrigin}/settings/connections`);
  expect(landing.searchParams.get('connected')).toBeNull();
  return landing.searchParams.get('error');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('OAuth connections through the gateway, to a Pi run (sqlite)', () => {
  beforeAll(async () => {
    provider = await startMockOAuthProvider({ account: 'octo@example.com' });
    stack = await startTestStack('sqlite', {
      oauth: { providers: { mock: provider.config() }, env: provider.env() },
    });
    [owner, member, stranger] = await Promise.all([
      stack.signUp('Owner'),
      stack.signUp('Member'),
      stack.signUp('Stranger'),
    ]);
    await stack.join(owner, member, 'member');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await provider?.stop();
  });

  let connectionId: string;
  let agentId: string;

  it('connects: PKCE (S256) verified by the provider, the person lands back with the connection, listed without tokens', async () => {
    const providers = await record(owner.client.get('/api/oauth/providers'));
    expect(providers.json.items).toEqual([
      { id: 'mock', name: 'Mock', scopes: ['openid', 'email', 'repo'], env: 'MOCK_TOKEN' },
    ]);
    const { authorizeUrl, callback } = await connect(owner, { returnTo: '/settings/connections?from=test' });
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${webOrigin}/api/oauth/mock/callback`);
    expect(callback.origin).toBe(webOrigin);

    const landed = await visitCallback(owner, callback);
    expect(landed.status).toBe(302);
    const landing = new URL(landed.headers.get('location')!);
    expect(landing.origin + landing.pathname).toBe(`${webOrigin}/settings/connections`);
    expect(landing.searchParams.get('from')).toBe('test');
    connectionId = landing.searchParams.get('connected')!;
    expect(connectionId).toMatch(/^oac_/);
    expect(provider.tokenRequests.at(-1)).toMatchObject({
      grantType: 'authorization_code',
      hadCodeVerifier: true,
      clientAuth: 'post',
    });

    const listed = await record(member.client.get('/api/oauth/connections'));
    expect(listed.json.items).toEqual([
      expect.objectContaining({
        id: connectionId,
        provider: 'mock',
        account: 'octo@example.com',
        status: 'active',
        agents: [],
        createdBy: owner.userId,
      }),
    ]);
    expect((await record(stranger.client.get('/api/oauth/connections'))).json.items).toEqual([]);
  });

  it('grants it to an agent (unknown ids refused); a Pi run gets the token in its sandbox, and a refreshed one once expired', async () => {
    const unknown = await record(
      owner.client.post('/api/agent/agents', { name: 'x', adapterType: 'pi', connections: ['oac_nope'] }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('CONNECTION_NOT_FOUND');
    const ungranted = await record(
      owner.client.post('/api/agent/agents', {
        name: 'x',
        adapterType: 'pi',
        adapterConfig: { env: { GH_TOKEN: `connection:${connectionId}` } },
      }),
    );
    expect(ungranted.status).toBe(400);
    const created = await record(
      owner.client.post('/api/agent/agents', {
        name: 'Builder',
        adapterType: 'pi',
        connections: [connectionId],
        adapterConfig: { env: { GH_TOKEN: `connection:${connectionId}` } },
      }),
    );
    expect(created.status).toBe(201);
    agentId = created.json.id;
    const listed = await record(owner.client.get('/api/oauth/connections'));
    expect(listed.json.items[0].agents).toEqual([{ id: agentId, name: 'Builder' }]);

    const first = provider.issuedAccessTokens.at(-1)!;
    const named = await runPrintingHash(agentId, 'GH_TOKEN');
    expect(named.run.status).toBe('succeeded');
    expect(named.events).toContain(sha256(first));
    expect(named.events).toContain(`len=${first.length}`);
    // Named for this agent: the provider's default variable stays empty.
    const unnamed = await runPrintingHash(agentId, 'MOCK_TOKEN');
    expect(unnamed.events).toContain('len=0');

    // The token expires: the next run's token is a refreshed one (one refresh request).
    await stack.database.db
      .updateTable('oauthConnections')
      .set({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', connectionId)
      .execute();
    const refreshesBefore = provider.tokenRequests.filter(
      (request) => request.grantType === 'refresh_token',
    ).length;
    const refreshed = await runPrintingHash(agentId, 'GH_TOKEN');
    expect(refreshed.run.status).toBe('succeeded');
    const second = provider.issuedAccessTokens.at(-1)!;
    expect(second).not.toBe(first);
    expect(refreshed.events).toContain(sha256(second));
    expect(provider.tokenRequests.filter((request) => request.grantType === 'refresh_token')).toHaveLength(
      refreshesBefore + 1,
    );
  });

  it('refuses a denied consent, a forged state, a reused state and another person’s state: nothing stored', async () => {
    const count = async () =>
      (await stack.database.db.selectFrom('oauthConnections').select('id').execute()).length;
    const before = await count();

    provider.denyNextConsent = true;
    const denied = await connect(owner);
    const deniedLanding = await visitCallback(owner, denied.callback);
    expect(deniedLanding.status).toBe(302);
    expect(new URL(deniedLanding.headers.get('location')!).searchParams.get('error')).toBe(
      'OAUTH_CONSENT_DENIED',
    );

    const forged = await visitCallback(
      owner,
      new URL('/api/oauth/mock/callback?state=forged&code=abc', webOrigin),
    );
    expect(refusedWith(forged)).toBe('OAUTH_STATE_INVALID');
    expect(refusedWith(await visitCallback(undefined, new URL('/api/oauth/mock/callback', webOrigin)))).toBe(
      'OAUTH_STATE_INVALID',
    );

    // Junk from anywhere: the same landing, never a 5xx (a NUL is refused before any route, as everywhere).
    expect(
      (await visitCallback(undefined, new URL('/api/oauth/mock/callback?state=%00', webOrigin))).status,
    ).toBe(400);
    for (const query of ['state=a&state=b', `state=${'s'.repeat(5000)}`, 'error=access_denied']) {
      expect(
        refusedWith(await visitCallback(undefined, new URL(`/api/oauth/mock/callback?${query}`, webOrigin))),
      ).toBe('OAUTH_STATE_INVALID');
    }
    expect(
      refusedWith(await visitCallback(owner, new URL('/api/oauth/nope/callback?state=x', webOrigin))),
    ).toBe('OAUTH_PROVIDER_UNKNOWN');

    const good = await connect(member);
    // Another signed-in person following the link: refused, and the state is spent.
    expect(refusedWith(await visitCallback(stranger, good.callback))).toBe('OAUTH_STATE_INVALID');
    expect(refusedWith(await visitCallback(member, good.callback))).toBe('OAUTH_STATE_INVALID');
    // Reused: the denied one's state was spent by its first visit.
    expect(refusedWith(await visitCallback(owner, denied.callback))).toBe('OAUTH_STATE_INVALID');
    expect(await count()).toBe(before);
  });

  it('revokes: creator or admin only (a member of the org 403, another org 404), at the provider; the next run fails naming it', async () => {
    expect((await record(member.client.delete(`/api/oauth/connections/${connectionId}`))).status).toBe(403);
    const foreign = await record(stranger.client.delete(`/api/oauth/connections/${connectionId}`));
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('CONNECTION_NOT_FOUND');
    const revocations = provider.revocations.length;
    expect((await record(owner.client.delete(`/api/oauth/connections/${connectionId}`))).status).toBe(204);
    expect(provider.revocations).toHaveLength(revocations + 1);
    expect((await provider.revocations.at(-1)!).get('token')).toBe(provider.issuedRefreshTokens.at(-1));
    const listed = await record(owner.client.get('/api/oauth/connections'));
    expect(listed.json.items[0]).toMatchObject({ id: connectionId, status: 'revoked', expiresAt: null });

    const after = await runPrintingHash(agentId, 'GH_TOKEN');
    expect(after.run.status).toBe('failed');
    expect(after.run.error).toMatchObject({ code: 'CONNECTION_UNAVAILABLE' });
    expect(after.run.error.message).toContain(connectionId);
    expect(after.events).not.toContain('len=');
    const regrant = await record(
      owner.client.post('/api/agent/agents', { name: 'y', adapterType: 'pi', connections: [connectionId] }),
    );
    expect(regrant.status).toBe(409);
    expect(regrant.json.error.code).toBe('CONNECTION_UNAVAILABLE');
  });

  it('never shows a token or the client secret in a response, an event or a log line', () => {
    const tokens = [...provider.issuedAccessTokens, ...provider.issuedRefreshTokens, provider.clientSecret];
    expect(provider.issuedAccessTokens.length).toBeGreaterThanOrEqual(2);
    const leaks = (text: string) => tokens.filter((token) => text.includes(token));
    for (const response of responses) {
      expect(leaks(response.text)).toEqual([]);
      expect(leaks(JSON.stringify([...response.headers]))).toEqual([]);
    }
    expect(leaks(eventTexts.join('\n'))).toEqual([]);
    expect(stack.logLines.filter((line) => leaks(line).length > 0)).toEqual([]);
    expect(oneTimeValues.size).toBeGreaterThanOrEqual(4);
    expect(stack.logLines.filter((line) => [...oneTimeValues].some((value) => line.includes(value)))).toEqual(
      [],
    );
  });
});
