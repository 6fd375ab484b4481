/**
 * better-auth's tables as the platform reads them: the auth service (identity lookup, secret
 * rotation) and the gateway (organizations, members, API keys, the instance admin's lists).
 * Names are better-auth's own — camelCase, quoted on Postgres — so read them through a query
 * builder without the platform's CamelCasePlugin. Reads only, outside the auth service: every
 * change goes through better-auth's endpoints, so its hooks and rules apply.
 *
 * `Stored` is how a timestamp comes back on the connection: `Date` from a plain `pg` pool (the
 * auth service's), ISO text or epoch numbers through the platform's pool and on SQLite. SQLite
 * returns booleans as 0/1.
 */
export interface AuthTables<Stored = Date | string | number> {
  user: {
    id: string;
    name: string;
    email: string;
    emailVerified: boolean | number;
    /** The admin plugin's instance-wide role (`isInstanceAdminRole`). */
    role: string | null;
    banned: boolean | number | null;
    /** The organization made for the account at sign-up (our provisioning plugin's field). */
    personalOrganizationId: string | null;
    createdAt: Stored;
  };
  organization: { id: string; name: string; slug: string | null; createdAt: Stored };
  /** A membership; `role` as stored (`strongestRole`). */
  member: { id: string; userId: string; organizationId: string; role: string; createdAt: Stored };
  invitation: {
    id: string;
    organizationId: string;
    email: string;
    role: string | null;
    status: string;
    expiresAt: Stored | null;
    inviterId: string;
  };
  apikey: {
    id: string;
    /** The key's hash (SHA-256, base64url), never the key. */
    key: string;
    name: string | null;
    /** The first characters (prefix included), to recognise a key. */
    start: string | null;
    /** The owning user. */
    referenceId: string;
    enabled: boolean | number | null;
    expiresAt: Stored | null;
    createdAt: Stored;
    lastRequest: Stored | null;
    /** JSON text (`apiKeyOrganization`). */
    metadata: string | Record<string, unknown> | null;
  };
  /** Sessions: retired with the auth secret, which signs their cookies. */
  session: { id: string; impersonatedBy: string | null };
  /** Pending verifications (password-reset tokens, OAuth state): retired with the auth secret. */
  verification: { id: string };
  /** The jwt plugin's key pairs, private halves encrypted under the auth secret. */
  jwks: { id: string };
}

/** A stored boolean: SQLite answers 0/1, Postgres booleans. */
export function authBoolean(value: unknown): boolean {
  return value === true || value === 1;
}

/** A stored timestamp as ISO text: from a `Date`, ISO text, an epoch number or epoch digits. */
export function authDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number),
        );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * The organization an API key acts in, from its metadata: the api-key plugin stores it as JSON
 * text (older versions encoded it twice). Undefined when absent or unreadable.
 */
export function apiKeyOrganization(metadata: unknown): string | undefined {
  let value = metadata;
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const organizationId = (value as { organizationId?: unknown } | null)?.organizationId;
  return typeof organizationId === 'string' ? organizationId : undefined;
}
