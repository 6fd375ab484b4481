import type { ResolvedOAuthProvider } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import { resolveSecretRef } from '@lifeosai/secrets';

/** What a token endpoint answered, the way this package uses it. */
export interface TokenGrant {
  accessToken: string;
  /** Absent when the provider gave none (keep the old one on a refresh). */
  refreshToken?: string;
  /** Seconds the access token lives, when the provider said. */
  expiresIn?: number;
  /** Scopes granted, when the provider said (space- or comma-separated on the wire). */
  scopes?: string[];
  /** The OpenID Connect ID token's claims, when one came (read, not verified: it came straight from the token endpoint over TLS). */
  idClaims?: Record<string, unknown>;
}

/**
 * A token request the provider refused (`refused`: an OAuth error such as `invalid_grant`, which
 * retrying will not fix) or could not answer (`unavailable`: network, 5xx, a body we cannot read).
 * `reason` is in words, names the OAuth error and never contains a token.
 */
export class TokenRequestFailed extends Error {
  readonly kind: 'refused' | 'unavailable';
  readonly reason: string;

  constructor(kind: 'refused' | 'unavailable', reason: string) {
    super(reason);
    this.name = 'TokenRequestFailed';
    this.kind = kind;
    this.reason = reason;
  }
}

/** The provider's HTTP seams: where the client secret is read, how requests go out. */
export interface ProviderHttp {
  /** Where `env:VARIABLE` client secrets are read (default `process.env`). */
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
}

/** Client authentication for the token and revoke endpoints (RFC 6749 §2.3.1), as the provider wants it. */
async function clientAuthentication(
  provider: ResolvedOAuthProvider,
  http: ProviderHttp,
): Promise<{ form: Record<string, string>; headers: Record<string, string> }> {
  const secret = await resolveSecretRef(provider.clientSecret, {
    env: http.env,
    lookupStored: async () => undefined,
  });
  if (provider.tokenAuthMethod === 'client_secret_basic') {
    const pair = `${encodeURIComponent(provider.clientId)}:${encodeURIComponent(secret)}`;
    return { form: {}, headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` } };
  }
  return { form: { client_id: provider.clientId, client_secret: secret }, headers: {} };
}

async function postForm(
  url: string,
  provider: ResolvedOAuthProvider,
  http: ProviderHttp,
  fields: Record<string, string>,
): Promise<Response> {
  const client = await clientAuthentication(provider, http);
  try {
    return await http.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // GitHub answers form-encoded unless asked for JSON.
        accept: 'application/json',
        ...client.headers,
      },
      body: new URLSearchParams({ ...fields, ...client.form }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new TokenRequestFailed(
      'unavailable',
      `${provider.name} did not answer (${(error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable'}).`,
    );
  }
}

function describeOAuthError(provider: ResolvedOAuthProvider, body: Record<string, unknown>): string {
  const code = typeof body.error === 'string' ? body.error.slice(0, 100) : 'error';
  const description =
    typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 300)}` : '';
  return `${provider.name} refused the token request (${code}${description}).`;
}

async function readTokenResponse(provider: ResolvedOAuthProvider, response: Response): Promise<TokenGrant> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = response.headers.get('content-type')?.includes('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(text))
      : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    throw new TokenRequestFailed(
      'unavailable',
      `${provider.name} answered the token request with HTTP ${response.status} and a body that is not JSON.`,
    );
  }
  // GitHub reports OAuth errors with a 200.
  if (typeof body?.error === 'string' || (response.status >= 400 && response.status < 500)) {
    throw new TokenRequestFailed('refused', describeOAuthError(provider, body ?? {}));
  }
  if (!response.ok) {
    throw new TokenRequestFailed(
      'unavailable',
      `${provider.name} answered the token request with HTTP ${response.status}.`,
    );
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new TokenRequestFailed('unavailable', `${provider.name} answered without an access token.`);
  }
  const expiresIn = Number(body.expires_in);
  const scope = typeof body.scope === 'string' ? body.scope : undefined;
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' && body.refresh_token && { refreshToken: body.refresh_token }),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 && { expiresIn }),
    ...(scope !== undefined && { scopes: scope.split(/[\s,]+/).filter(Boolean) }),
    ...(typeof body.id_token === 'string' && { idClaims: readJwtClaims(body.id_token) }),
  };
}

function readJwtClaims(jwt: string): Record<string, unknown> {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export async function exchangeCode(
  provider: ResolvedOAuthProvider,
  http: ProviderHttp,
  grant: { code: string; codeVerifier: string; redirectUri: string },
): Promise<TokenGrant> {
  const response = await postForm(provider.tokenUrl, provider, http, {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  });
  return readTokenResponse(provider, response);
}

/** Trades a refresh token for a new access token (and maybe a new refresh token). */
export async function refreshGrant(
  provider: ResolvedOAuthProvider,
  http: ProviderHttp,
  refreshToken: string,
): Promise<TokenGrant> {
  const response = await postForm(provider.tokenUrl, provider, http, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
  return readTokenResponse(provider, response);
}

/**
 * RFC 7009 revocation at the provider; true when it accepted. Never throws: the tokens are
 * forgotten here whatever the provider says.
 */
export async function revokeAtProvider(
  provider: ResolvedOAuthProvider,
  http: ProviderHttp,
  token: { value: string; hint: 'access_token' | 'refresh_token' },
): Promise<boolean> {
  if (!provider.revokeUrl) return false;
  try {
    const response = await postForm(provider.revokeUrl, provider, http, {
      token: token.value,
      token_type_hint: token.hint,
    });
    await response.body?.cancel();
    return response.ok;
  } catch (error) {
    if (error instanceof TokenRequestFailed || error instanceof PlatformError) return false;
    throw error;
  }
}
