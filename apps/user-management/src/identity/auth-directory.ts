import type { ApiKey, Invitation, Member, Organization } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import {
  type AuthTables,
  apiKeyOrganization,
  authBoolean,
  authDate,
  strongestRole,
} from '@lifeosai/identity';
import type { Kysely } from 'kysely';

/** better-auth's tables through the platform's pool: timestamps come back as text or epoch numbers. */
type StoredAuthTables = AuthTables<string | number>;

/**
 * Reads organizations, members, invitations and API keys (in the public contract's shapes),
 * always scoped by the caller's ids.
 * Reads only: every change goes through better-auth's endpoints, so its hooks and rules apply.
 */
export function createAuthDirectory(platformDb: Kysely<Database>) {
  // Our CamelCasePlugin would rename better-auth's camelCase columns to snake_case.
  const db = platformDb.withoutPlugins() as unknown as Kysely<StoredAuthTables>;

  return {
    async organizationsOf(userId: string): Promise<Organization[]> {
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
      const user = await db
        .selectFrom('user')
        .select('personalOrganizationId')
        .where('id', '=', userId)
        .executeTakeFirst();
      return rows.map((row) => ({
        ...row,
        role: strongestRole(row.role),
        personal: row.id === user?.personalOrganizationId,
      }));
    },

    async members(orgId: string): Promise<Member[]> {
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
        createdAt: authDate(row.createdAt),
      }));
    },

    async member(orgId: string, memberId: string): Promise<Member | undefined> {
      return (await this.members(orgId)).find((member) => member.id === memberId);
    },

    async invitations(orgId: string): Promise<Invitation[]> {
      const rows = await db
        .selectFrom('invitation')
        .select(['id', 'email', 'role', 'status', 'expiresAt'])
        .where('organizationId', '=', orgId)
        .where('status', '=', 'pending')
        .orderBy('email')
        .execute();
      return rows.map(invitationView);
    },

    async invitation(invitationId: string): Promise<(Invitation & { organizationId: string }) | undefined> {
      const row = await db
        .selectFrom('invitation')
        .select(['id', 'email', 'role', 'status', 'expiresAt', 'organizationId'])
        .where('id', '=', invitationId)
        .executeTakeFirst();
      return row && { ...invitationView(row), organizationId: row.organizationId };
    },

    /** The user's API keys that act in `orgId`. */
    async apiKeys(userId: string, orgId: string): Promise<ApiKey[]> {
      const rows = await db
        .selectFrom('apikey')
        .select(['id', 'name', 'start', 'enabled', 'expiresAt', 'createdAt', 'lastRequest', 'metadata'])
        .where('referenceId', '=', userId)
        .orderBy('createdAt')
        .execute();
      return rows
        .filter((row) => apiKeyOrganization(row.metadata) === orgId)
        .map(({ metadata: _metadata, ...row }) => ({
          id: row.id,
          name: row.name,
          start: row.start,
          enabled: authBoolean(row.enabled),
          createdAt: authDate(row.createdAt),
          expiresAt: authDate(row.expiresAt),
          lastRequest: authDate(row.lastRequest),
        }));
    },
  };
}

export type AuthDirectory = ReturnType<typeof createAuthDirectory>;

function invitationView(
  row: Pick<StoredAuthTables['invitation'], 'id' | 'email' | 'role' | 'status' | 'expiresAt'>,
) {
  return {
    id: row.id,
    email: row.email,
    role: strongestRole(row.role ?? 'member'),
    status: row.status,
    expiresAt: authDate(row.expiresAt),
  };
}
