import type { Kysely } from 'kysely';
import { nowIso } from './ids.ts';
import { toJson } from './normalize.ts';
import type { AuditLogTable, Database } from './schema.ts';

/** One entry for `audit_log`: who did what to which target. Never a secret value. */
export interface NewAuditEntry {
  /** The organization it happened in; null for instance-wide actions (the instance admin's). */
  orgId: string | null;
  actorType: AuditLogTable['actorType'];
  actorId: string;
  /** `noun.verb`, e.g. `secret.rotated`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  data?: Record<string, unknown>;
}

/** Audit actions one service writes and another reads: the instance admin acting as another user. */
export const impersonationActions = {
  started: 'user.impersonation_started',
  stopped: 'user.impersonation_stopped',
} as const;

/** Appends to the audit log, stamped now. Every service writes audit entries through this. */
export async function appendAudit(db: Kysely<Database>, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({ ...entry, data: toJson(entry.data ?? {}), createdAt: nowIso() })
    .execute();
}
