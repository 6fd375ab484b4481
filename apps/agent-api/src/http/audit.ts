import { appendAudit, type Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { Identity } from './identity.ts';

/**
 * An admin action of the Agent API (a channel or phone number created, a sender or caller
 * approved) joins the organization's audit trail, by whoever did it (a person, or their API
 * key). `data` names what changed, never a token or a secret.
 */
export async function auditAction(
  db: Kysely<Database>,
  identity: Identity,
  action: string,
  /** What was acted on; `agentId`: the agent it belongs to, recorded with the data. */
  target: { type: string; id: string; agentId?: string },
  data: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    orgId: identity.orgId,
    actorType: identity.via !== 'session' ? 'api_key' : 'user',
    actorId: identity.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    data: { ...(target.agentId && { agentId: target.agentId }), userId: identity.userId, ...data },
  });
}
