import type { ResolvedOAuthProvider } from '@lifeosai/config';
import { type Database, newId, toJson } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { SecretCipher } from '@lifeosai/secrets';
import { stateVerifierAad } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import { createPkce, randomToken, sha256Base64Url } from './pkce.ts';
import { sealToken } from './token-cipher.ts';
import { exchangeCode, type ProviderHttp, type TokenGrant, TokenRequestFailed } from './token-endpoint.ts';

/** What starting and finishing an authorization need. */
export interface AuthorizationDeps {
  db: Kysely<Database>;
  cipher: SecretCipher;
  http: ProviderHttp;
  now: () => Date;
  /** How long a started authorization may be finished (ms). */
  stateTtlMs: number;
  /** Learns every token obtained, so no log line can show it. */
  onToken: (token: string) => void;
}

export interface StartAuthorization {
  provider: ResolvedOAuthProvider;
  orgId: string;
  userId: string;
  /** `<public origin>/api/oauth/<provider>/callback`: sent here and again with the code. */
  redirectUri: string;
  returnTo?: string;
  /** Instead of the provider's configured scopes. */
  scopes?: string[];
}

/**
 * Starts an authorization: a random `state` (stored only as its SHA-256) and a PKCE verifier
 * (stored encrypted) good once, for `stateTtlMs`; returns the provider's authorize URL with the
 * S256 challenge.
 */
export async function startAuthorization(
  deps: AuthorizationDeps,
  start: StartAuthorization,
): Promise<string> {
  const state = randomToken();
  const stateHash = sha256Base64Url(state);
  const pkce = createPkce();
  const now = deps.now();
  await deps.db
    .insertInto('oauthStates')
    .values({
      id: stateHash,
      orgId: start.orgId,
      userId: start.userId,
      provider: start.provider.id,
      codeVerifier: deps.cipher.encrypt(pkce.verifier, stateVerifierAad(stateHash)),
      returnTo: start.returnTo ?? null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.stateTtlMs).toISOString(),
      usedAt: null,
    })
    .execute();
  // Old states are no use to anyone: dropped as new ones come.
  await deps.db
    .deleteFrom('oauthStates')
    .where('expiresAt', '<', new Date(now.getTime() - deps.stateTtlMs).toISOString())
    .execute();
  const url = new URL(start.provider.authorizeUrl);
  const scopes = start.scopes ?? start.provider.scopes;
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', start.provider.clientId);
  url.searchParams.set('redirect_uri', start.redirectUri);
  if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [name, value] of Object.entries(start.provider.authorizeParams))
    url.searchParams.set(name, value);
  return url.toString();
}

/** What the provider sent back to the callback. */
export interface CallbackInput {
  provider: ResolvedOAuthProvider;
  state: string;
  /** Present on success. */
  code?: string;
  /** The provider's `error` (e.g. `access_denied`) when the person did not grant access. */
  error?: string;
  redirectUri: string;
  /** The signed-in person's id when the callback carried their session: it must be who started it. */
  userId?: string;
}

/** How a callback ended, once its state proved good: a connection, or a failure to show on `returnTo`. */
export type CallbackOutcome =
  | { ok: true; connectionId: string; returnTo: string | null }
  | { ok: false; error: PlatformError; returnTo: string | null };

function stateInvalid(): PlatformError {
  return new PlatformError('OAUTH_STATE_INVALID');
}

/**
 * Finishes an authorization. The state is checked first and spent whatever happens next: unknown,
 * used, expired, of another provider or of another signed-in person → `OAUTH_STATE_INVALID`
 * (thrown; nothing stored). A refused consent or a failed code exchange comes back as data, with
 * where to send the person.
 */
export async function completeAuthorization(
  deps: AuthorizationDeps,
  input: CallbackInput,
): Promise<CallbackOutcome> {
  const stateHash = sha256Base64Url(input.state);
  const now = deps.now().toISOString();
  // Spent atomically: of two callbacks with one state, one gets the row.
  const pending = await deps.db
    .updateTable('oauthStates')
    .set({ usedAt: now })
    .where('id', '=', stateHash)
    .where('usedAt', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!pending || Date.parse(pending.expiresAt) <= Date.parse(now) || pending.provider !== input.provider.id)
    throw stateInvalid();
  if (input.userId !== undefined && input.userId !== pending.userId) throw stateInvalid();
  const returnTo = pending.returnTo;
  if (input.error !== undefined || !input.code) {
    return {
      ok: false,
      error: new PlatformError(
        'OAUTH_CONSENT_DENIED',
        `${input.provider.name} reports that access was not granted${input.error ? ` (${input.error.slice(0, 100)})` : ''}; connect again and allow access.`,
      ),
      returnTo,
    };
  }
  const verifier = deps.cipher.decrypt(pending.codeVerifier, stateVerifierAad(stateHash));
  let grant: TokenGrant;
  try {
    grant = await exchangeCode(input.provider, deps.http, {
      code: input.code,
      codeVerifier: verifier,
      redirectUri: input.redirectUri,
    });
  } catch (error) {
    if (!(error instanceof TokenRequestFailed) && !(error instanceof PlatformError)) throw error;
    return {
      ok: false,
      error: new PlatformError(
        'OAUTH_TOKEN_FAILED',
        `${error instanceof TokenRequestFailed ? error.reason : error.message} Check the provider's client id, secret and token URL, then connect again.`,
      ),
      returnTo,
    };
  }
  deps.onToken(grant.accessToken);
  if (grant.refreshToken) deps.onToken(grant.refreshToken);
  const id = newId('oac');
  const expiresAt = grant.expiresIn
    ? new Date(deps.now().getTime() + grant.expiresIn * 1000).toISOString()
    : null;
  await deps.db
    .insertInto('oauthConnections')
    .values({
      id,
      orgId: pending.orgId,
      provider: input.provider.id,
      account: accountOf(grant),
      scopes: toJson(grant.scopes ?? input.provider.scopes),
      accessToken: sealToken(deps.cipher, pending.orgId, id, 'access', grant.accessToken),
      refreshToken: grant.refreshToken
        ? sealToken(deps.cipher, pending.orgId, id, 'refresh', grant.refreshToken)
        : null,
      expiresAt,
      status: 'active',
      lastError: null,
      createdBy: pending.userId,
      createdAt: now,
      updatedAt: now,
      refreshedAt: null,
      revokedAt: null,
    })
    .execute();
  return { ok: true, connectionId: id, returnTo };
}

/** Who the account is at the provider, for people to recognise it: from the ID token when one came. */
function accountOf(grant: TokenGrant): string | null {
  const claims = grant.idClaims ?? {};
  for (const claim of ['email', 'preferred_username', 'login', 'name', 'sub']) {
    const value = claims[claim];
    if (typeof value === 'string' && value) return value.slice(0, 200);
  }
  return null;
}
