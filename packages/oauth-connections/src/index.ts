import type { ResolvedOAuthProvider } from '@lifeosai/config';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Redactor, SecretCipher } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import {
  type AuthorizationDeps,
  type CallbackInput,
  type CallbackOutcome,
  completeAuthorization,
  type StartAuthorization,
  startAuthorization,
} from './authorizations.ts';
import {
  type ConnectionDeps,
  type ConnectionRow,
  type FreshToken,
  freshAccessToken,
  getConnection,
  listConnections,
  revokeConnection,
} from './connections.ts';

export type { CallbackOutcome, ConnectionRow, FreshToken };

export interface OAuthConnectionsOptions {
  db: Kysely<Database>;
  /** The platform key's cipher: tokens and PKCE verifiers are encrypted with it. */
  cipher: SecretCipher;
  /** The configured providers (`resolveOAuthProviders(config.oauthProviders)`). */
  providers: readonly ResolvedOAuthProvider[];
  /** Where `env:VARIABLE` client secrets are read (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Seam for the provider's token and revoke endpoints. */
  fetch?: typeof fetch;
  /** Shared with the logger: every token this package sees is added, so no log line shows one. */
  redactor?: Redactor;
  now?: () => Date;
  /** Refresh a token expiring sooner than this (ms, default 5 minutes). */
  refreshMarginMs?: number;
  /** How long a started authorization may be finished (ms, default 10 minutes). */
  stateTtlMs?: number;
  /** A refresh claim older than this is taken over (ms, default 30 s). */
  refreshClaimMs?: number;
}

/** The OAuth connections of every organization: connect, read, refresh, revoke. */
export interface OAuthConnections {
  readonly providers: readonly ResolvedOAuthProvider[];
  /** A configured provider; `OAUTH_PROVIDER_UNKNOWN` (404) otherwise. */
  provider(id: string): ResolvedOAuthProvider;
  /** Starts an authorization; returns the provider's authorize URL (PKCE S256, a one-time `state`). */
  startAuthorization(start: Omit<StartAuthorization, 'provider'> & { providerId: string }): Promise<string>;
  /** Finishes one at the callback; throws `OAUTH_STATE_INVALID` for a state not good (nothing stored). */
  completeAuthorization(
    input: Omit<CallbackInput, 'provider'> & { providerId: string },
  ): Promise<CallbackOutcome>;
  list(orgId: string): Promise<ConnectionRow[]>;
  /** `CONNECTION_NOT_FOUND` (404) for an unknown or foreign id. */
  get(orgId: string, id: string): Promise<ConnectionRow>;
  /**
   * A fresh access token for a run (refreshed when needed). `CONNECTION_UNAVAILABLE` names a
   * revoked or failed connection; `CONNECTION_NOT_FOUND` an unknown one.
   */
  freshAccessToken(orgId: string, id: string): Promise<FreshToken>;
  /** Revokes at the provider when it can, and forgets the tokens here in any case. */
  revoke(orgId: string, id: string): Promise<{ revokedAtProvider: boolean }>;
}

export function createOAuthConnections(options: OAuthConnectionsOptions): OAuthConnections {
  const byId = new Map(options.providers.map((provider) => [provider.id, provider]));
  const http = { env: options.env ?? process.env, fetch: options.fetch ?? fetch };
  const onToken = (token: string) => options.redactor?.add(token);
  const now = options.now ?? (() => new Date());
  const authorization: AuthorizationDeps = {
    db: options.db,
    cipher: options.cipher,
    http,
    now,
    stateTtlMs: options.stateTtlMs ?? 10 * 60_000,
    onToken,
  };
  const connections: ConnectionDeps = {
    db: options.db,
    cipher: options.cipher,
    http,
    providers: byId,
    now,
    refreshMarginMs: options.refreshMarginMs ?? 5 * 60_000,
    refreshClaimMs: options.refreshClaimMs ?? 30_000,
    pollMs: 100,
    onToken,
  };
  const provider = (id: string): ResolvedOAuthProvider => {
    const found = byId.get(id);
    if (!found) {
      throw new PlatformError(
        'OAUTH_PROVIDER_UNKNOWN',
        `No OAuth provider "${id.slice(0, 40)}" is configured here; see GET /api/oauth/providers.`,
      );
    }
    return found;
  };
  return {
    providers: options.providers,
    provider,
    startAuthorization: ({ providerId, ...start }) =>
      startAuthorization(authorization, { ...start, provider: provider(providerId) }),
    completeAuthorization: ({ providerId, ...input }) =>
      completeAuthorization(authorization, { ...input, provider: provider(providerId) }),
    list: (orgId) => listConnections(connections, orgId),
    get: (orgId, id) => getConnection(connections, orgId, id),
    freshAccessToken: (orgId, id) => freshAccessToken(connections, orgId, id),
    revoke: (orgId, id) => revokeConnection(connections, orgId, id),
  };
}
