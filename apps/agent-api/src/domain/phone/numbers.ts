import {
  type CreatePhoneNumberBody,
  defaultMaxCallSeconds,
  type PhoneNumberView,
} from '@lifeosai/api-contract';
import { type Database, newId, nowIso, type PhoneNumber, toJson } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { voiceWebhookUrl } from './twilio-urls.ts';

function numberInUse(number: string): PlatformError {
  return new PlatformError(
    'PHONE_NUMBER_IN_USE',
    `${number} already answers for an agent on this instance; remove it there first (or use another number).`,
  );
}

/**
 * `POST /agents/:id/phone-numbers`: the agent answers `number` from now on. A number belongs
 * to one agent across the instance: a second claim is `409 PHONE_NUMBER_IN_USE`, also when two
 * requests race (the unique index settles it).
 */
export async function createPhoneNumber(
  db: Kysely<Database>,
  owner: { orgId: string; userId: string; agentId: string },
  input: CreatePhoneNumberBody,
): Promise<PhoneNumber> {
  const now = nowIso();
  const inserted = await db
    .insertInto('phoneNumbers')
    .values({
      id: newId('phn'),
      orgId: owner.orgId,
      agentId: owner.agentId,
      number: input.number,
      callers: input.callers ?? 'pairing',
      allow: toJson([...new Set(input.allow ?? [])]),
      maxCallSeconds: input.maxCallSeconds ?? defaultMaxCallSeconds,
      createdBy: owner.userId,
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) throw numberInUse(input.number);
  return inserted;
}

/** The numbers an agent answers, oldest first. */
export function listPhoneNumbers(
  db: Kysely<Database>,
  orgId: string,
  agentId: string,
): Promise<PhoneNumber[]> {
  return db
    .selectFrom('phoneNumbers')
    .selectAll()
    .where('orgId', '=', orgId)
    .where('agentId', '=', agentId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** A number of the organization; `404 NOT_FOUND` for an unknown or foreign one. */
export async function getPhoneNumber(db: Kysely<Database>, orgId: string, id: string): Promise<PhoneNumber> {
  const row = await db
    .selectFrom('phoneNumbers')
    .selectAll()
    .where('id', '=', id)
    .where('orgId', '=', orgId)
    .executeTakeFirst();
  if (!row) throw notFound('phone number', id);
  return row;
}

/** The number a call was made to (the webhook's `To`), in any organization; undefined if none. */
export function findPhoneNumberByNumber(
  db: Kysely<Database>,
  number: string,
): Promise<PhoneNumber | undefined> {
  return db.selectFrom('phoneNumbers').selectAll().where('number', '=', number).executeTakeFirst();
}

/**
 * `DELETE /phone-numbers/:id`: the number stops answering, and the callers still waiting on it
 * are forgotten (they can be approved nowhere else). Callers already decided stay: they are the
 * agent's, with the session their calls continue, should the number come back.
 */
export async function deletePhoneNumber(db: Kysely<Database>, row: PhoneNumber): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('phoneCallers')
      .where('phoneNumberId', '=', row.id)
      .where('status', '=', 'pending')
      .execute();
    await trx.deleteFrom('phoneNumbers').where('id', '=', row.id).execute();
  });
}

/** Numbers as the API shows them, each with its count of callers waiting for approval. */
export async function phoneNumberViews(
  db: Kysely<Database>,
  rows: PhoneNumber[],
  publicUrl: string | undefined,
): Promise<PhoneNumberView[]> {
  const ids = rows.map((row) => row.id);
  const counts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('phoneCallers')
          .select(['phoneNumberId', (eb) => eb.fn.countAll<number>().as('waiting')])
          .where('phoneNumberId', 'in', ids)
          .where('status', '=', 'pending')
          .groupBy('phoneNumberId')
          .execute();
  const waiting = new Map(counts.map((count) => [count.phoneNumberId, Number(count.waiting)]));
  return rows.map((row) => ({
    id: row.id,
    agentId: row.agentId,
    number: row.number,
    callers: row.callers,
    allow: row.allow as string[],
    maxCallSeconds: row.maxCallSeconds,
    voiceUrl: voiceWebhookUrl(publicUrl),
    pendingCallers: waiting.get(row.id) ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
