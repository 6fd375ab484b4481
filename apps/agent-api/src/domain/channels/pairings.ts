import type { ChannelPairing } from '@lifeosai/api-contract';
import { type Database, nowIso } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { type Kysely, sql } from 'kysely';

/** `GET /channels/:id/pairings`: the senders waiting for approval, oldest request first. */
export async function listPendingSenders(
  db: Kysely<Database>,
  connectionId: string,
): Promise<ChannelPairing[]> {
  const rows = await db
    .selectFrom('channelSenders')
    .select(['code', 'senderId', 'name', 'requestedAt'])
    .where('connectionId', '=', connectionId)
    .where('status', '=', 'pending')
    .orderBy('requestedAt')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    code: row.code ?? '',
    senderId: row.senderId,
    name: row.name,
    requestedAt: row.requestedAt,
  }));
}

/**
 * Approves or denies the sender waiting with `code` (codes are compared ignoring case: people
 * retype them). Only a waiting sender can be decided, once: a code already used, or unknown,
 * is `404 NOT_FOUND`. Returns the sender's id, for the runtime to answer or drop its messages.
 */
export async function decidePairing(
  db: Kysely<Database>,
  decision: { connectionId: string; code: string; approved: boolean; userId: string },
): Promise<string> {
  const decided = await db
    .updateTable('channelSenders')
    .set({
      status: decision.approved ? 'approved' : 'denied',
      code: null,
      decidedAt: nowIso(),
      decidedBy: decision.userId,
    })
    .where('connectionId', '=', decision.connectionId)
    .where('status', '=', 'pending')
    .where(sql`upper(code)`, '=', decision.code.trim().toUpperCase())
    .returning('senderId')
    .executeTakeFirst();
  if (!decided) {
    throw new PlatformError(
      'NOT_FOUND',
      'No sender is waiting with this code on this channel; it may have been decided already (GET …/pairings lists those waiting).',
    );
  }
  return decided.senderId;
}
