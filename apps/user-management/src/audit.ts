import { appendAudit, type Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { Identity } from './identity/identity.ts';

/** One audit entry: who (`identity`) did what (`action`, `noun.verb`) to which target. Never a secret value. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  data?: Record<string, unknown>;
  /**
   * Where it happened, when not the caller's organization: another organization (the instance
   * admin changing a role there) or null for instance-wide actions (disabling an account).
   */
  orgId?: string | null;
}

/** Appends to `audit_log`, scoped to the caller's organization unless the entry names another. */
export async function audit(db: Kysely<Database>, identity: Identity, entry: AuditEntry): Promise<void> {
  await appendAudit(db, {
    orgId: entry.orgId === undefined ? identity.orgId : entry.orgId,
    actorType: identity.via === 'api-key' ? 'api_key' : 'user',
    actorId: identity.via === 'api-key' && identity.keyId ? identity.keyId : identity.userId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: { userId: identity.userId, ...entry.data },
  });
}
