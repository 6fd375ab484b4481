import { type Database, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { FileService } from '../files/file-service.ts';

/** What was removed, for the audit entry and the answer. */
export interface ErasedOrganization {
  agents: number;
  runs: number;
  files: number;
  secrets: number;
}

/**
 * The platform's part of deleting an organization (better-auth removes the organization, its
 * members and invitations). In one transaction:
 * - agents are deleted as `DELETE /api/agent/agents/:id` deletes them (heartbeats stop, nothing
 *   can run), and their instructions are emptied;
 * - conversations go: every run's events, the inbox, wake requests, prompts and error texts,
 *   session titles and the harnesses' session ids. The runs stay as bare accounting rows
 *   (status, times, cost) and so does `usage_records`: the instance's usage history stays true;
 * - secrets and provider settings (the provider keys) are deleted;
 * - file records are deleted, then their bytes (a failure there leaves unreferenced bytes, never
 *   a record without them).
 * The audit log is kept: it is the record of what happened.
 */
export async function eraseOrganizationData(
  db: Kysely<Database>,
  files: FileService,
  orgId: string,
): Promise<ErasedOrganization> {
  const { erased, storedFiles } = await db.transaction().execute(async (trx) => {
    const runIds = trx.selectFrom('runs').select('id').where('orgId', '=', orgId);
    await trx.deleteFrom('runEvents').where('runId', 'in', runIds).execute();
    await trx.deleteFrom('agentInbox').where('orgId', '=', orgId).execute();
    await trx.deleteFrom('wakeRequests').where('orgId', '=', orgId).execute();
    const runs = await trx
      .updateTable('runs')
      .set({ prompt: '', error: null })
      .where('orgId', '=', orgId)
      .executeTakeFirst();
    await trx
      .updateTable('sessions')
      .set({ title: null, nativeSessionId: null, forkNativeSessionId: null, forkAtMessageId: null })
      .where('orgId', '=', orgId)
      .execute();
    const now = nowIso();
    const agents = await trx
      .updateTable('agents')
      .set({ instructions: '', deletedAt: now, updatedAt: now })
      .where('orgId', '=', orgId)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    const secrets = await trx.deleteFrom('secrets').where('orgId', '=', orgId).executeTakeFirst();
    await trx.deleteFrom('providerSettings').where('orgId', '=', orgId).execute();
    const stored = await trx.deleteFrom('files').where('orgId', '=', orgId).returningAll().execute();
    return {
      storedFiles: stored,
      erased: {
        agents: Number(agents.numUpdatedRows),
        runs: Number(runs.numUpdatedRows),
        files: stored.length,
        secrets: Number(secrets.numDeletedRows),
      },
    };
  });
  for (const record of storedFiles) await files.removeStored(record);
  return erased;
}
