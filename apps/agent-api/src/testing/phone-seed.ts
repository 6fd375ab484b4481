import { randomBytes } from 'node:crypto';
import { type Database, newId } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { createCall } from '../domain/phone/calls.ts';

/** Callers waiting for approval on a number, one per code, as the voice webhook records them. */
export async function insertPendingCallers(
  db: Kysely<Database>,
  phoneNumberId: string,
  codes: readonly string[],
): Promise<void> {
  const number = await db
    .selectFrom('phoneNumbers')
    .select('agentId')
    .where('id', '=', phoneNumberId)
    .executeTakeFirstOrThrow();
  for (const [index, code] of codes.entries()) {
    await db
      .insertInto('phoneCallers')
      .values({
        id: newId('pcl'),
        agentId: number.agentId,
        caller: `+1555${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`,
        phoneNumberId,
        status: 'pending',
        code,
        sessionId: null,
        requestedAt: new Date(Date.now() + index).toISOString(),
        decidedAt: null,
        decidedBy: null,
        lastCallAt: null,
      })
      .execute();
  }
}

/** A phone call the webhook refused (no person's conversation: read by the agent's creator and admins); returns its id. */
export async function insertPhoneCall(
  db: Kysely<Database>,
  call: { orgId: string; agentId: string },
): Promise<string> {
  const { call: row } = await createCall(db, {
    ...call,
    source: 'twilio',
    phoneNumberId: null,
    externalId: `CA${randomBytes(16).toString('hex')}`,
    caller: '+15550001111',
    fromNumber: '+15550001111',
    toNumber: '+14155550100',
    userId: null,
    sessionId: null,
    status: 'refused',
    endReason: 'refused: the caller waits for approval',
  });
  return row.id;
}
