import { appendAudit, type Database, impersonationActions } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { AuthDatabase } from '../database/auth-database.ts';
import type { ImpersonationEvent } from './impersonation-policy.ts';

/**
 * Writes an impersonation event to the platform's audit log as an instance-wide entry
 * (no organization): the admin is the actor, the impersonated user the target.
 */
export function recordImpersonation(db: Kysely<Database>, event: ImpersonationEvent): Promise<void> {
  return appendAudit(db, {
    orgId: null,
    actorType: 'user',
    actorId: event.adminId,
    action: impersonationActions[event.kind],
    targetType: 'user',
    targetId: event.userId,
    data: {
      userId: event.adminId,
      ...(event.expiresAt && { expiresAt: event.expiresAt }),
      ...(event.endedBy && { endedBy: event.endedBy }),
    },
  });
}

/**
 * With impersonation off, sessions an earlier configuration let an admin open as someone else
 * must not keep working: they are deleted at start. Returns how many there were.
 */
export async function endImpersonationSessions(database: AuthDatabase): Promise<number> {
  const result = await database.db
    .deleteFrom('session')
    .where('impersonatedBy', 'is not', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
