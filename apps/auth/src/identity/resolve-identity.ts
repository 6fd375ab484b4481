import { createHash } from 'node:crypto';
import {
  type AuthTables,
  apiKeyOrganization,
  authBoolean,
  authDate,
  type CallerIdentity,
  isInstanceAdminRole,
  strongestRole,
} from '@lifeosai/identity';
import type { Kysely } from 'kysely';

/**
 * Who is calling, as `GET /internal/identity` answers it: the platform's caller identity, with
 * the key spelled `api_key` on this wire (the gateway reads either spelling).
 */
export type Identity = Omit<CallerIdentity, 'via'> & {
  via: 'session' | 'api_key';
  /**
   * When the credential stops working by itself (the session's or the key's expiry; null:
   * never). A gateway that caches the answer keeps it no longer (decision 0022).
   */
  expiresAt: string | null;
};

/** What the caller forwarded: the client's own `Cookie` and `Authorization` headers. */
export interface IdentityCredentials {
  cookie?: string;
  authorization?: string;
}

export interface IdentityResolverDeps {
  db: Kysely<AuthTables>;
  /** better-auth's session lookup (`auth.api.getSession`): verifies the signed cookie. */
  getSession(headers: Headers): Promise<{
    user: { id: string; email: string; name: string; role?: string | null };
    session: { activeOrganizationId?: string | null; expiresAt?: Date | string | null };
  } | null>;
  now?: () => Date;
}

/**
 * Resolves a request's identity in a few reads. With `Authorization: Bearer <key>` the key
 * decides (one read: the key and its user, then one for the membership); otherwise the
 * session cookie does (better-auth's session read, then the membership). Returns null for
 * anything that does not authenticate — the caller answers 401.
 *
 * API keys are read here directly rather than through the api-key plugin's verify endpoint,
 * which writes to the key row on every call; the checks that apply to our keys are repeated
 * (enabled, not expired, owner not banned). Keys have no quotas or per-key rate limits here.
 */
export function createIdentityResolver(deps: IdentityResolverDeps) {
  const now = deps.now ?? (() => new Date());

  async function viaApiKey(key: string): Promise<Identity | null> {
    const row = await deps.db
      .selectFrom('apikey')
      .innerJoin('user', 'user.id', 'apikey.referenceId')
      .select([
        'apikey.id as keyId',
        'apikey.enabled as enabled',
        'apikey.expiresAt as expiresAt',
        'apikey.metadata as metadata',
        'user.id as userId',
        'user.email as email',
        'user.name as name',
        'user.role as userRole',
        'user.banned as banned',
        'user.personalOrganizationId as personalOrganizationId',
      ])
      .where('apikey.key', '=', hashApiKey(key))
      .executeTakeFirst();
    if (!row || !authBoolean(row.enabled) || authBoolean(row.banned)) return null;
    if (row.expiresAt && new Date(row.expiresAt).getTime() <= now().getTime()) return null;
    const boundOrganization = apiKeyOrganization(row.metadata) ?? row.personalOrganizationId;
    if (!boundOrganization) return null;
    const membership = await membershipIn(row.userId, [boundOrganization]);
    if (!membership) return null;
    return {
      userId: row.userId,
      email: row.email,
      name: row.name,
      orgId: membership.organizationId,
      role: strongestRole(membership.role),
      isInstanceAdmin: isInstanceAdminRole(row.userRole),
      via: 'api_key',
      keyId: row.keyId,
      expiresAt: authDate(row.expiresAt),
    };
  }

  async function viaSession(cookie: string): Promise<Identity | null> {
    const found = await deps.getSession(new Headers({ cookie }));
    if (!found) return null;
    const { user, session } = found;
    const personal = (user as { personalOrganizationId?: string | null }).personalOrganizationId;
    const candidates = [session.activeOrganizationId, personal].filter((id): id is string => !!id);
    if (candidates.length === 0) return null;
    const membership = await membershipIn(user.id, candidates);
    if (!membership) return null;
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      orgId: membership.organizationId,
      role: strongestRole(membership.role),
      isInstanceAdmin: isInstanceAdminRole(user.role),
      via: 'session',
      expiresAt: authDate(session.expiresAt),
    };
  }

  /** The membership in the first of `organizationIds` the user belongs to (one read). */
  async function membershipIn(userId: string, organizationIds: string[]) {
    const rows = await deps.db
      .selectFrom('member')
      .select(['organizationId', 'role'])
      .where('userId', '=', userId)
      .where('organizationId', 'in', organizationIds)
      .execute();
    for (const id of organizationIds) {
      const row = rows.find((candidate) => candidate.organizationId === id);
      if (row) return row;
    }
    return undefined;
  }

  return async function resolveIdentity(credentials: IdentityCredentials): Promise<Identity | null> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '');
    if (credentials.authorization !== undefined) return bearer ? viaApiKey(bearer[1]!) : null;
    if (credentials.cookie) return viaSession(credentials.cookie);
    return null;
  };
}

export type IdentityResolver = ReturnType<typeof createIdentityResolver>;

/** The api-key plugin's own hashing (SHA-256, base64url without padding), so its keys match. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
