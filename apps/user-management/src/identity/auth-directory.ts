import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { Role } from './identity.ts';

/**
 * better-auth's tables as this gateway reads them (names are better-auth's own: camelCase, in
 * the platform database). Reads only: every change goes through better-auth's endpoints, so
 * its hooks and rules apply.
 */
interface AuthTables {
  user: { id: string; name: string; email: string };
  organization: { id: string; name: string; slug: string | null; createdAt: unknown };
  member: { id: string; userId: string; organizationId: string; role: string; createdAt: unknown };
  invitation: {
    id: string;
    organizationId: string;
    email: string;
    role: string | null;
    status: string;
    expiresAt: unknown;
    inviterId: string;
  };
  apikey: {
    id: string;
    name: string | null;
    start: string | null;
    referenceId: string;
    enabled: unknown;
    expiresAt: unknown;
    createdAt: unknown;
    lastRequest: unknown;
    metadata: unknown;
  };
}

export interface OrganizationView {
  id: string;
  name: string;
  slug: string | null;
  /** The caller's role in it. */
  role: Role;
}

export interface MemberView {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string | null;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  status: string;
  expiresAt: string | null;
}

export interface ApiKeyView {
  id: string;
  name: string | null;
  /** The first characters (prefix included), to recognise a key; never the key. */
  start: string | null;
  enabled: boolean;
  createdAt: string | null;
  expiresAt: string | null;
  lastRequest: string | null;
}

/** Reads organizations, members, invitations and API keys, always scoped by the caller's ids. */
export function createAuthDirectory(platformDb: Kysely<Database>) {
  // Our CamelCasePlugin would rename better-auth's camelCase columns to snake_case.
  const db = platformDb.withoutPlugins() as unknown as Kysely<AuthTables>;

  return {
    async organizationsOf(userId: string): Promise<OrganizationView[]> {
      const rows = await db
        .selectFrom('member')
        .innerJoin('organization', 'organization.id', 'member.organizationId')
        .select([
          'organization.id as id',
          'organization.name as name',
          'organization.slug as slug',
          'member.role as role',
        ])
        .where('member.userId', '=', userId)
        .orderBy('organization.name')
        .execute();
      return rows.map((row) => ({ ...row, role: strongestRole(row.role) }));
    },

    async members(orgId: string): Promise<MemberView[]> {
      const rows = await db
        .selectFrom('member')
        .innerJoin('user', 'user.id', 'member.userId')
        .select([
          'member.id as id',
          'member.userId as userId',
          'user.email as email',
          'user.name as name',
          'member.role as role',
          'member.createdAt as createdAt',
        ])
        .where('member.organizationId', '=', orgId)
        .orderBy('member.createdAt')
        .execute();
      return rows.map((row) => ({
        ...row,
        role: strongestRole(row.role),
        createdAt: isoDate(row.createdAt),
      }));
    },

    async member(orgId: string, memberId: string): Promise<MemberView | undefined> {
      return (await this.members(orgId)).find((member) => member.id === memberId);
    },

    async invitations(orgId: string): Promise<InvitationView[]> {
      const rows = await db
        .selectFrom('invitation')
        .select(['id', 'email', 'role', 'status', 'expiresAt'])
        .where('organizationId', '=', orgId)
        .where('status', '=', 'pending')
        .orderBy('email')
        .execute();
      return rows.map(invitationView);
    },

    async invitation(
      invitationId: string,
    ): Promise<(InvitationView & { organizationId: string }) | undefined> {
      const row = await db
        .selectFrom('invitation')
        .select(['id', 'email', 'role', 'status', 'expiresAt', 'organizationId'])
        .where('id', '=', invitationId)
        .executeTakeFirst();
      return row && { ...invitationView(row), organizationId: row.organizationId };
    },

    /** The user's API keys that act in `orgId`. */
    async apiKeys(userId: string, orgId: string): Promise<ApiKeyView[]> {
      const rows = await db
        .selectFrom('apikey')
        .select(['id', 'name', 'start', 'enabled', 'expiresAt', 'createdAt', 'lastRequest', 'metadata'])
        .where('referenceId', '=', userId)
        .orderBy('createdAt')
        .execute();
      return rows
        .filter((row) => organizationOf(row.metadata) === orgId)
        .map(({ metadata: _metadata, ...row }) => ({
          id: row.id,
          name: row.name,
          start: row.start,
          enabled: row.enabled === true || row.enabled === 1,
          createdAt: isoDate(row.createdAt),
          expiresAt: isoDate(row.expiresAt),
          lastRequest: isoDate(row.lastRequest),
        }));
    },
  };
}

export type AuthDirectory = ReturnType<typeof createAuthDirectory>;

function invitationView(
  row: Pick<AuthTables['invitation'], 'id' | 'email' | 'role' | 'status' | 'expiresAt'>,
) {
  return {
    id: row.id,
    email: row.email,
    role: strongestRole(row.role ?? 'member'),
    status: row.status,
    expiresAt: isoDate(row.expiresAt),
  };
}

/** better-auth roles may be a comma-separated list; the strongest counts. */
function strongestRole(role: string): Role {
  const roles = role.split(',').map((item) => item.trim());
  if (roles.includes('owner')) return 'owner';
  if (roles.includes('admin')) return 'admin';
  return 'member';
}

/** Dates come back as `Date` (Postgres), ISO text or epoch numbers (SQLite). */
function isoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number),
        );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The api-key plugin stores metadata as JSON text (older versions encoded it twice). */
function organizationOf(metadata: unknown): string | undefined {
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
