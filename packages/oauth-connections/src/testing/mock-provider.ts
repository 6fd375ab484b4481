import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { OAuthProviderConfig } from '@lifeosai/config';
import { Events, OAuth2Server } from 'oauth2-mock-server';

/** The client secret's environment for services configured with `config()` (`env:MOCK_OAUTH_SECRET`). */
export const mockOAuthEnv = { MOCK_OAUTH_SECRET: 'mock-client-secret-value' } as const;

/** A token request as the mock provider received it (never logged by tests: assertions only). */
export interface SeenTokenRequest {
  grantType: string;
  /** Whether a PKCE verifier came (the mock then checked it against the S256 challenge). */
  hadCodeVerifier: boolean;
  clientId: string | undefined;
  /** `basic` when the client authenticated with HTTP Basic, `post` with the form. */
  clientAuth: 'basic' | 'post' | 'none';
  refreshToken?: string;
}

/**
 * A local OAuth 2 / OIDC provider (oauth2-mock-server) on 127.0.0.1 for connection tests: it
 * checks PKCE when a verifier comes, issues a fresh random access token and refresh token per
 * grant, and records what reached it. Knobs: `expiresIn` (seconds), `denyNext()` (the next
 * consent is refused), `refuseRefresh` (refresh answers `invalid_grant`).
 */
export async function startMockOAuthProvider(options: { account?: string } = {}) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url!.replace(/\/$/, '');
  const mock = {
    server,
    issuer,
    clientId: 'lifeosai-client',
    clientSecret: mockOAuthEnv.MOCK_OAUTH_SECRET,
    /** Seconds the next access tokens live. */
    expiresIn: 3600,
    refuseRefresh: false,
    denyNextConsent: false,
    /** PKCE challenge methods seen at the authorize endpoint. */
    challengeMethods: [] as string[],
    tokenRequests: [] as SeenTokenRequest[],
    /** Bodies of revocation requests (form-encoded). */
    revocations: [] as Promise<URLSearchParams>[],
    /** Every access token issued, in order. */
    issuedAccessTokens: [] as string[],
    /** Every refresh token issued, in order. */
    issuedRefreshTokens: [] as string[],
    /** The `config.json` entry for this provider (secret read from `MOCK_OAUTH_SECRET`). */
    config(): OAuthProviderConfig {
      return {
        name: 'Mock',
        authorizeUrl: `${issuer}/authorize`,
        tokenUrl: `${issuer}/token`,
        revokeUrl: `${issuer}/revoke`,
        clientId: mock.clientId,
        clientSecret: 'env:MOCK_OAUTH_SECRET',
        scopes: ['openid', 'email', 'repo'],
        env: 'MOCK_TOKEN',
      };
    },
    env(): Record<string, string> {
      return { MOCK_OAUTH_SECRET: mock.clientSecret };
    },
    /** The browser's visit to the authorize URL: where the provider sends it back (the callback URL). */
    async consent(authorizeUrl: string): Promise<URL> {
      const response = await fetch(authorizeUrl, { redirect: 'manual' });
      await response.body?.cancel();
      return new URL(response.headers.get('location')!);
    },
    stop: () => server.stop(),
  };
  server.service.on(Events.BeforeAuthorizeRedirect, (redirect: { url: URL }, request: IncomingMessage) => {
    const query = new URL(request.url ?? '/', issuer).searchParams;
    mock.challengeMethods.push(query.get('code_challenge_method') ?? 'none');
    if (mock.denyNextConsent) {
      mock.denyNextConsent = false;
      redirect.url.searchParams.delete('code');
      redirect.url.searchParams.set('error', 'access_denied');
    }
  });
  server.service.on(Events.BeforeTokenSigning, (token: { payload: Record<string, unknown> }) => {
    token.payload.email = options.account ?? 'dev@example.com';
  });
  server.service.on(
    Events.BeforeResponse,
    (
      response: { body: Record<string, unknown> | ''; statusCode: number },
      request: IncomingMessage & { body: Record<string, unknown> },
    ) => {
      const body = request.body;
      const authorization = request.headers.authorization ?? '';
      mock.tokenRequests.push({
        grantType: String(body.grant_type),
        hadCodeVerifier: typeof body.code_verifier === 'string',
        clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
        clientAuth: authorization.startsWith('Basic ')
          ? 'basic'
          : body.client_secret === mock.clientSecret
            ? 'post'
            : 'none',
        ...(typeof body.refresh_token === 'string' && { refreshToken: body.refresh_token }),
      });
      if (body.grant_type === 'refresh_token' && mock.refuseRefresh) {
        response.statusCode = 400;
        response.body = { error: 'invalid_grant', error_description: 'The refresh token was revoked.' };
        return;
      }
      if (response.body === '') return;
      const accessToken = `mock-access-${randomUUID()}`;
      mock.issuedAccessTokens.push(accessToken);
      response.body.access_token = accessToken;
      const refreshToken = `mock-refresh-${randomUUID()}`;
      mock.issuedRefreshTokens.push(refreshToken);
      response.body.refresh_token = refreshToken;
      response.body.expires_in = mock.expiresIn;
    },
  );
  server.service.on(Events.BeforeRevoke, (_response: unknown, request: IncomingMessage) => {
    mock.revocations.push(
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      }),
    );
  });
  return mock;
}

export type MockOAuthProvider = Awaited<ReturnType<typeof startMockOAuthProvider>>;
