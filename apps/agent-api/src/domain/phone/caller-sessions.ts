import { type Database, newId, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** Who a caller row is about: an agent and its caller key (an E.164 number or `user:<id>`). */
export interface CallerKey {
  agentId: string;
  caller: string;
  /** The number called (a new row lists its pairing under it); null for the browser. */
  phoneNumberId: string | null;
}

/** The browser caller key of a signed-in person (`phone_callers.caller`). */
export function browserCaller(userId: string): string {
  return `user:${userId}`;
}

/**
 * The session a caller's next call continues: their caller row's, else the last one a call of
 * theirs to this agent used (a caller the number's policy let in — open, or on the allow list —
 * has no row, and gets none: a row would be a pairing decision). Null when none.
 */
export async function callerSession(
  db: Kysely<Database>,
  agentId: string,
  caller: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('phoneCallers')
    .select('sessionId')
    .where('agentId', '=', agentId)
    .where('caller', '=', caller)
    .executeTakeFirst();
  if (row?.sessionId) return row.sessionId;
  const last = await db
    .selectFrom('calls')
    .select('sessionId')
    .where('agentId', '=', agentId)
    .where('caller', '=', caller)
    .where('sessionId', 'is not', null)
    .orderBy('startedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.sessionId ?? null;
}

/**
 * A call started: the caller's `last_call_at` is now. A browser caller (a signed-in person of
 * the organization) gets an approved row if it has none; a phone caller's row is the webhook's
 * to create (its policy decides what the caller is), so a number without one is left alone.
 */
export async function callerCalled(
  db: Kysely<Database>,
  key: CallerKey,
  source: 'twilio' | 'browser',
): Promise<void> {
  const now = nowIso();
  if (source === 'twilio') {
    await db
      .updateTable('phoneCallers')
      .set({ lastCallAt: now })
      .where('agentId', '=', key.agentId)
      .where('caller', '=', key.caller)
      .execute();
    return;
  }
  await db
    .insertInto('phoneCallers')
    .values({
      id: newId('pcl'),
      agentId: key.agentId,
      caller: key.caller,
      phoneNumberId: key.phoneNumberId,
      status: 'approved',
      code: null,
      sessionId: null,
      requestedAt: now,
      decidedAt: now,
      decidedBy: null,
      lastCallAt: now,
    })
    .onConflict((conflict) => conflict.columns(['agentId', 'caller']).doUpdateSet({ lastCallAt: now }))
    .execute();
}

/** The session the caller's calls continue from now on (the one the call's run used). */
export async function setCallerSession(
  db: Kysely<Database>,
  agentId: string,
  caller: string,
  sessionId: string,
): Promise<void> {
  await db
    .updateTable('phoneCallers')
    .set({ sessionId })
    .where('agentId', '=', agentId)
    .where('caller', '=', caller)
    .execute();
}
