import type { ResolvedOAuthProvider } from '@lifeosai/config';
import type { Database, OAuthConnectionTable } from '@lifeosai/db';
import { isPlatformError, PlatformError } from '@lifeosai/errors';
import type { SecretCipher } from '@lifeosai/secrets';
import type { Kysely, Selectable } from 'kysely';
import { openToken, sealToken } from './token-cipher.ts';
import { type ProviderHttp, refreshGrant, revokeAtProvider, TokenRequestFailed } from './token-endpoint.ts';

export type ConnectionRow = Selectable<OAuthConnectionTable>;

/** What reading, refreshing and revoking connections need. */
export interface ConnectionDeps {
  db: Kysely<Database>;
  cipher: SecretCipher;
  http: ProviderHttp;
  providers: ReadonlyMap<string, ResolvedOAuthProvider>;
  now: () => Date;
  /** A token expiring sooner than this is refreshed before it is handed out (ms). */
  refreshMarginMs: number;
  /** An instance's claim to refresh a connection older than this is taken over (it crashed; ms). */
  refreshClaimMs: number;
  /** Pause between re-reads while another instance refreshes (ms). */
  pollMs: number;
  /** Learns every token obtained, so no log line can show it. */
  onToken: (token: string) => void;
}

/** A fresh access token of a connection and where a run gets it unless the agent names another variable. */
export interface FreshToken {
  accessToken: string;
  /** The provider's variable, e.g. `GITHUB_TOKEN`. */
  env: string;
  provider: string;
}

function unavailable(connection: Pick<ConnectionRow, 'id' | 'provider'>, why: string): PlatformError {
  return new PlatformError(
    'CONNECTION_UNAVAILABLE',
    `The ${connection.provider} connection ${connection.id} cannot be used: ${why} Reconnect it in Settings → Connections or remove it from the agent.`,
  );
}

async function readConnection(
  deps: Pick<ConnectionDeps, 'db'>,
  orgId: string,
  id: string,
): Promise<ConnectionRow> {
  const row = await deps.db
    .selectFrom('oauthConnections')
    .selectAll()
    .where('id', '=', id)
    .where('orgId', '=', orgId)
    .executeTakeFirst();
  if (!row)
    throw new PlatformError(
      'CONNECTION_NOT_FOUND',
      `No connection ${id} in this organization; connect the account in Settings → Connections.`,
    );
  return row;
}

function isFresh(deps: ConnectionDeps, row: ConnectionRow): boolean {
  return row.expiresAt === null || Date.parse(row.expiresAt) - deps.refreshMarginMs > deps.now().getTime();
}

function isExpired(deps: ConnectionDeps, row: ConnectionRow): boolean {
  return row.expiresAt !== null && Date.parse(row.expiresAt) <= deps.now().getTime();
}

/**
 * Opens a sealed token of the row; one the platform key no longer opens (the master key was
 * rotated without re-encrypting connections, or the row was tampered with) is
 * `CONNECTION_UNAVAILABLE`, naming the connection and the way out.
 */
function unseal(deps: ConnectionDeps, row: ConnectionRow, kind: 'access' | 'refresh'): string {
  try {
    const token = openToken(
      deps.cipher,
      row.orgId,
      row.id,
      kind,
      kind === 'access' ? row.accessToken : row.refreshToken!,
    );
    deps.onToken(token);
    return token;
  } catch (error) {
    if (!isPlatformError(error, 'SECRET_DECRYPT_FAILED')) throw error;
    throw unavailable(
      row,
      "its tokens cannot be decrypted with this instance's master key (was it changed?).",
    );
  }
}

function reveal(deps: ConnectionDeps, row: ConnectionRow): string {
  return unseal(deps, row, 'access');
}

/**
 * The connection's access token, refreshed first when it expires within the margin. Across
 * instances one refreshes: it claims the row by moving `version` from the even value it read to
 * the next odd one (compare-and-swap); the others re-read until the new token is there and the
 * version even again (or the claim is older than `refreshClaimMs`, its holder gone, and they
 * claim it themselves). Every write of tokens matches the version it claimed. A refresh the provider
 * refuses puts the connection in `error` with the reason; a revoked or failed connection is
 * `CONNECTION_UNAVAILABLE` naming it. A provider that cannot be reached leaves the connection
 * as it is: the current token while it lasts, else `CONNECTION_UNAVAILABLE`.
 */
export async function freshAccessToken(deps: ConnectionDeps, orgId: string, id: string): Promise<FreshToken> {
  const deadline = deps.now().getTime() + deps.refreshClaimMs * 2;
  for (;;) {
    const row = await readConnection(deps, orgId, id);
    const provider = deps.providers.get(row.provider);
    if (row.status === 'revoked') throw unavailable(row, 'it was revoked.');
    if (row.status === 'error') throw unavailable(row, row.lastError ?? 'its last refresh failed.');
    const result = (accessToken: string): FreshToken => ({
      accessToken,
      env: provider?.env ?? `${row.provider.toUpperCase().replace(/-/g, '_')}_ACCESS_TOKEN`,
      provider: row.provider,
    });
    if (isFresh(deps, row)) return result(reveal(deps, row));
    if (!row.refreshToken || !provider) {
      if (!isExpired(deps, row)) return result(reveal(deps, row));
      const why = provider
        ? 'its access token expired and the provider gave no refresh token.'
        : `its provider ${row.provider} is no longer configured here.`;
      if (provider) await markError(deps, row, why);
      throw unavailable(row, why);
    }
    // An odd version is a refresh in progress (claimed at `updatedAt`); even, settled.
    const claimed = row.version % 2 === 1;
    const claimAge = deps.now().getTime() - Date.parse(row.updatedAt);
    if (claimed && claimAge < deps.refreshClaimMs && deps.now().getTime() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, deps.pollMs));
      continue;
    }
    // A stale claim is taken over by skipping past it: its holder's write will not match.
    const claimedVersion = row.version + (claimed ? 2 : 1);
    const claim = await deps.db
      .updateTable('oauthConnections')
      .set({ version: claimedVersion, updatedAt: deps.now().toISOString() })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .where('status', '=', 'active')
      .executeTakeFirst();
    // Lost the race: another instance refreshes (or revoked it); read what it wrote.
    if (claim.numUpdatedRows === 0n) continue;
    return result(await refreshClaimed(deps, provider, row, claimedVersion));
  }
}

/** Refreshes a connection this instance holds the claim on (`version` = `claimedVersion`). */
async function refreshClaimed(
  deps: ConnectionDeps,
  provider: ResolvedOAuthProvider,
  row: ConnectionRow,
  claimedVersion: number,
): Promise<string> {
  let refreshToken: string;
  try {
    refreshToken = unseal(deps, row, 'refresh');
  } catch (error) {
    await releaseClaim(deps, row, claimedVersion);
    throw error;
  }
  try {
    const grant = await refreshGrant(provider, deps.http, refreshToken);
    deps.onToken(grant.accessToken);
    if (grant.refreshToken) deps.onToken(grant.refreshToken);
    const now = deps.now();
    const written = await deps.db
      .updateTable('oauthConnections')
      .set({
        accessToken: sealToken(deps.cipher, row.orgId, row.id, 'access', grant.accessToken),
        ...(grant.refreshToken && {
          refreshToken: sealToken(deps.cipher, row.orgId, row.id, 'refresh', grant.refreshToken),
        }),
        expiresAt: grant.expiresIn ? new Date(now.getTime() + grant.expiresIn * 1000).toISOString() : null,
        version: claimedVersion + 1,
        updatedAt: now.toISOString(),
        refreshedAt: now.toISOString(),
        lastError: null,
      })
      .where('id', '=', row.id)
      .where('version', '=', claimedVersion)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (written.numUpdatedRows === 0n)
      throw unavailable(row, 'it was revoked while its token was refreshed.');
    return grant.accessToken;
  } catch (error) {
    if (!(error instanceof TokenRequestFailed)) {
      await releaseClaim(deps, row, claimedVersion);
      throw error;
    }
    if (error.kind === 'refused') {
      await markError(
        deps,
        { ...row, version: claimedVersion },
        `${error.reason} Connect the account again.`,
      );
      throw unavailable(row, error.reason);
    }
    await releaseClaim(deps, row, claimedVersion);
    if (!isExpired(deps, row)) return reveal(deps, row);
    throw unavailable(row, `its token expired and could not be refreshed: ${error.reason}`);
  }
}

/** Gives a claim back without new tokens (the provider could not be reached): the next caller tries again. */
async function releaseClaim(deps: ConnectionDeps, row: ConnectionRow, claimedVersion: number): Promise<void> {
  await deps.db
    .updateTable('oauthConnections')
    .set({ version: claimedVersion + 1 })
    .where('id', '=', row.id)
    .where('version', '=', claimedVersion)
    .execute();
}

async function markError(deps: ConnectionDeps, row: ConnectionRow, reason: string): Promise<void> {
  await deps.db
    .updateTable('oauthConnections')
    .set({
      status: 'error',
      lastError: reason,
      version: row.version + 1,
      updatedAt: deps.now().toISOString(),
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .execute();
}

/**
 * Revokes a connection: at the provider when it has a revocation endpoint (RFC 7009; the refresh
 * token when there is one, which ends the access token with it), and here in any case: tokens
 * wiped, status `revoked`. Returns whether the provider confirmed.
 */
export async function revokeConnection(
  deps: ConnectionDeps,
  orgId: string,
  id: string,
): Promise<{ revokedAtProvider: boolean }> {
  const row = await readConnection(deps, orgId, id);
  if (row.status === 'revoked') return { revokedAtProvider: false };
  const provider = deps.providers.get(row.provider);
  let revokedAtProvider = false;
  if (provider?.revokeUrl) {
    const kind = row.refreshToken ? 'refresh' : 'access';
    // A token this key cannot open can only be forgotten here.
    let value: string | undefined;
    try {
      value = unseal(deps, row, kind);
    } catch (error) {
      if (!isPlatformError(error, 'CONNECTION_UNAVAILABLE')) throw error;
    }
    if (value !== undefined) {
      revokedAtProvider = await revokeAtProvider(provider, deps.http, {
        value,
        hint: kind === 'refresh' ? 'refresh_token' : 'access_token',
      });
    }
  }
  const now = deps.now().toISOString();
  await deps.db
    .updateTable('oauthConnections')
    .set((eb) => ({
      status: 'revoked',
      accessToken: '',
      refreshToken: null,
      expiresAt: null,
      lastError: null,
      version: eb('version', '+', 1),
      updatedAt: now,
      revokedAt: now,
    }))
    .where('id', '=', id)
    .where('orgId', '=', orgId)
    .execute();
  return { revokedAtProvider };
}

/** The organization's connections, newest first (rows: tokens still sealed; callers show none). */
export function listConnections(deps: Pick<ConnectionDeps, 'db'>, orgId: string): Promise<ConnectionRow[]> {
  return deps.db
    .selectFrom('oauthConnections')
    .selectAll()
    .where('orgId', '=', orgId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
}

/** One connection of the organization; unknown and foreign ids are the same `CONNECTION_NOT_FOUND` (404). */
export function getConnection(
  deps: Pick<ConnectionDeps, 'db'>,
  orgId: string,
  id: string,
): Promise<ConnectionRow> {
  return readConnection(deps, orgId, id);
}
