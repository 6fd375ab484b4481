import { randomBytes } from 'node:crypto';
import { resolveOAuthProviders } from '@lifeosai/config';
import { Redactor, SecretCipher } from '@lifeosai/secrets';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthConnections, type OAuthConnections } from './index.ts';
import { type MockOAuthProvider, startMockOAuthProvider } from './testing/mock-provider.ts';

const redirectUri = 'http://127.0.0.1:3000/api/oauth/mock/callback';

describe.each(testDialects)('OAuth connections against a local OAuth 2 provider (%s)', (dialect) => {
  let database: TestDatabase;
  let provider: MockOAuthProvider;
  let clock: Date;
  const cipher = new SecretCipher(randomBytes(32));
  const redactor = new Redactor();
  const instance = (): OAuthConnections =>
    createOAuthConnections({
      db: database.db,
      cipher,
      providers: resolveOAuthProviders({ mock: provider.config() }),
      env: provider.env(),
      redactor,
      now: () => clock,
    });

  beforeAll(async () => {
    [database, provider] = await Promise.all([openTestDatabase(dialect), startMockOAuthProvider()]);
  });
  afterAll(async () => {
    await Promise.all([database?.cleanup(), provider?.stop()]);
  });
  beforeEach(() => {
    clock = new Date();
    provider.expiresIn = 3600;
    provider.refuseRefresh = false;
  });

  async function connect(connections: OAuthConnections, userId = 'usr_a') {
    const url = await connections.startAuthorization({
      providerId: 'mock',
      orgId: 'org_a',
      userId,
      redirectUri,
      returnTo: '/settings/connections',
    });
    const callback = await provider.consent(url);
    return { url: new URL(url), callback };
  }

  /** A connection made end to end (authorize, consent, callback); its id. */
  async function connected(connections: OAuthConnections): Promise<string> {
    const { callback } = await connect(connections);
    const outcome = await connections.completeAuthorization({
      providerId: 'mock',
      state: callback.searchParams.get('state')!,
      code: callback.searchParams.get('code')!,
      redirectUri,
    });
    return (outcome as { connectionId: string }).connectionId;
  }

  it('connects with PKCE: S256 challenge sent, verifier checked by the provider, tokens sealed at rest', async () => {
    const connections = instance();
    const { url, callback } = await connect(connections);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('scope')).toBe('openid email repo');
    const state = callback.searchParams.get('state')!;
    // Only the state's hash is stored.
    const stored = await database.db.selectFrom('oauthStates').select(['id', 'codeVerifier']).execute();
    expect(stored.map((row) => row.id)).not.toContain(state);

    const outcome = await connections.completeAuthorization({
      providerId: 'mock',
      state,
      code: callback.searchParams.get('code')!,
      redirectUri,
      userId: 'usr_a',
    });
    expect(outcome).toMatchObject({ ok: true, returnTo: '/settings/connections' });
    const exchange = provider.tokenRequests.at(-1)!;
    expect(exchange).toMatchObject({
      grantType: 'authorization_code',
      hadCodeVerifier: true,
      clientAuth: 'post',
    });

    const id = (outcome as { connectionId: string }).connectionId;
    const row = await connections.get('org_a', id);
    const issued = provider.issuedAccessTokens.at(-1)!;
    expect(row).toMatchObject({ status: 'active', account: 'dev@example.com', provider: 'mock' });
    expect(JSON.stringify(row)).not.toContain(issued);
    expect(redactor.redact(`token ${issued}`)).not.toContain(issued);
    await expect(connections.freshAccessToken('org_a', id)).resolves.toEqual({
      accessToken: issued,
      env: 'MOCK_TOKEN',
      provider: 'mock',
    });
    await expect(connections.get('org_b', id)).rejects.toMatchObject({
      code: 'CONNECTION_NOT_FOUND',
      status: 404,
    });
  });

  it('refuses a forged, a reused, an expired state and one of another person: nothing stored', async () => {
    const connections = instance();
    const before = await database.db.selectFrom('oauthConnections').select('id').execute();
    const forged = connections.completeAuthorization({
      providerId: 'mock',
      state: 'forged',
      code: 'x',
      redirectUri,
    });
    await expect(forged).rejects.toMatchObject({ code: 'OAUTH_STATE_INVALID', status: 400 });

    const first = await connect(connections);
    const input = {
      providerId: 'mock',
      state: first.callback.searchParams.get('state')!,
      code: first.callback.searchParams.get('code')!,
      redirectUri,
    };
    await expect(connections.completeAuthorization({ ...input, userId: 'usr_other' })).rejects.toMatchObject({
      code: 'OAUTH_STATE_INVALID',
    });
    // Spent by that attempt: the rightful person cannot use it either.
    await expect(connections.completeAuthorization({ ...input, userId: 'usr_a' })).rejects.toMatchObject({
      code: 'OAUTH_STATE_INVALID',
    });

    const second = await connect(connections);
    const good = {
      providerId: 'mock',
      state: second.callback.searchParams.get('state')!,
      code: second.callback.searchParams.get('code')!,
      redirectUri,
    };
    clock = new Date(clock.getTime() + 11 * 60_000);
    await expect(connections.completeAuthorization(good)).rejects.toMatchObject({
      code: 'OAUTH_STATE_INVALID',
    });
    const after = await database.db.selectFrom('oauthConnections').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('a refused consent comes back with where to return, and spends the state', async () => {
    const connections = instance();
    provider.denyNextConsent = true;
    const { callback } = await connect(connections);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const input = {
      providerId: 'mock',
      state: callback.searchParams.get('state')!,
      error: 'access_denied',
      redirectUri,
    };
    const outcome = await connections.completeAuthorization(input);
    expect(outcome).toMatchObject({ ok: false, returnTo: '/settings/connections' });
    expect((outcome as { error: { code: string } }).error.code).toBe('OAUTH_CONSENT_DENIED');
    await expect(connections.completeAuthorization(input)).rejects.toMatchObject({
      code: 'OAUTH_STATE_INVALID',
    });
  });

  it('refreshes a token about to expire; two instances at once make one refresh request', async () => {
    const connectionsA = instance();
    const connectionsB = instance();
    provider.expiresIn = 120; // inside the five-minute margin
    const id = await connected(connectionsA);
    const first = provider.issuedAccessTokens.at(-1)!;
    provider.expiresIn = 3600;
    const refreshesBefore = provider.tokenRequests.filter(
      (request) => request.grantType === 'refresh_token',
    ).length;

    const [a, b] = await Promise.all([
      connectionsA.freshAccessToken('org_a', id),
      connectionsB.freshAccessToken('org_a', id),
    ]);
    const refreshes = provider.tokenRequests.filter((request) => request.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(refreshesBefore + 1);
    expect(refreshes.at(-1)!.clientAuth).toBe('post');
    expect(a.accessToken).not.toBe(first);
    expect(b.accessToken).toBe(a.accessToken);
    const row = await connectionsA.get('org_a', id);
    expect(row.version % 2).toBe(0);
    expect(Date.parse(row.expiresAt!)).toBeGreaterThan(clock.getTime() + 3000_000);
    // Fresh now: no further request.
    await connectionsB.freshAccessToken('org_a', id);
    expect(provider.tokenRequests.filter((request) => request.grantType === 'refresh_token')).toHaveLength(
      refreshesBefore + 1,
    );
  });

  it('a token the platform key no longer opens is CONNECTION_UNAVAILABLE naming the connection', async () => {
    const connections = instance();
    const id = await connected(connections);
    const rotated = createOAuthConnections({
      db: database.db,
      cipher: new SecretCipher(randomBytes(32)),
      providers: resolveOAuthProviders({ mock: provider.config() }),
      env: provider.env(),
    });
    await expect(rotated.freshAccessToken('org_a', id)).rejects.toMatchObject({
      code: 'CONNECTION_UNAVAILABLE',
      message: expect.stringMatching(new RegExp(`${id}.*master key`)),
    });
    // It can still be revoked: forgotten here (the provider cannot be told with a token we cannot read).
    await expect(rotated.revoke('org_a', id)).resolves.toEqual({ revokedAtProvider: false });
    await expect(rotated.get('org_a', id)).resolves.toMatchObject({ status: 'revoked', accessToken: '' });
  });

  it('a refused refresh puts the connection in error with the reason; revoking wipes the tokens and tells the provider', async () => {
    const connections = instance();
    provider.expiresIn = 60;
    const id = await connected(connections);
    provider.refuseRefresh = true;
    await expect(connections.freshAccessToken('org_a', id)).rejects.toMatchObject({
      code: 'CONNECTION_UNAVAILABLE',
      message: expect.stringContaining(id),
    });
    const failed = await connections.get('org_a', id);
    expect(failed.status).toBe('error');
    expect(failed.lastError).toContain('invalid_grant');

    const revocationsBefore = provider.revocations.length;
    await expect(connections.revoke('org_a', id)).resolves.toEqual({ revokedAtProvider: true });
    const body = await provider.revocations[revocationsBefore]!;
    expect(body.get('token_type_hint')).toBe('refresh_token');
    expect(body.get('token')).toMatch(/^mock-refresh-/);
    const revoked = await connections.get('org_a', id);
    expect(revoked).toMatchObject({ status: 'revoked', accessToken: '', refreshToken: null });
    await expect(connections.freshAccessToken('org_a', id)).rejects.toMatchObject({
      code: 'CONNECTION_UNAVAILABLE',
      message: expect.stringContaining('revoked'),
    });
  });
});
