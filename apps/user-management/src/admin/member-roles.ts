import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { type AuthTables, type Role, strongestRole } from '@lifeosai/identity';
import type { Kysely } from 'kysely';

/**
 * Sets a membership's role in any organization, for the instance admin (who is usually not a
 * member, so better-auth's own endpoint, which checks the caller's membership, cannot do it).
 * One transaction: the organization never ends up without an owner (`409 LAST_OWNER`).
 * Returns the role before, or undefined when the membership is not in that organization.
 */
export async function setMemberRole(
  platformDb: Kysely<Database>,
  change: { orgId: string; memberId: string; role: Role },
): Promise<{ from: Role; userId: string } | undefined> {
  // better-auth's camelCase columns, without our CamelCasePlugin.
  const db = platformDb.withoutPlugins() as unknown as Kysely<AuthTables<string | number>>;
  return db.transaction().execute(async (trx) => {
    const members = await trx
      .selectFrom('member')
      .select(['id', 'userId', 'role'])
      .where('organizationId', '=', change.orgId)
      .execute();
    const target = members.find((member) => member.id === change.memberId);
    if (!target) return undefined;
    const from = strongestRole(target.role);
    const owners = members.filter((member) => strongestRole(member.role) === 'owner');
    if (from === 'owner' && change.role !== 'owner' && owners.length <= 1) {
      throw new PlatformError(
        'LAST_OWNER',
        'This member is the organization’s only owner; make another member owner first.',
      );
    }
    if (from !== change.role) {
      await trx.updateTable('member').set({ role: change.role }).where('id', '=', target.id).execute();
    }
    return { from, userId: target.userId };
  });
}
