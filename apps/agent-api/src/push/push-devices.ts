import {
  type PushDevice,
  type PushEventKind,
  type PutPushSubscriptionBody,
  pushEventKinds,
} from '@lifeosai/api-contract';
import { type Database, newId, nowIso, type PushSubscription } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';

/** The stored `events` column (comma-separated kinds) as a list, unknown kinds dropped. */
export function eventsOf(row: Pick<PushSubscription, 'events'>): PushEventKind[] {
  const listed = row.events.split(',');
  return pushEventKinds.filter((kind) => listed.includes(kind));
}

/** A device as its owner sees it: never its keys. */
export function toPushDevice(row: PushSubscription): PushDevice {
  return {
    id: row.id,
    endpoint: row.endpoint,
    events: eventsOf(row),
    label: row.label,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Registers `userId`'s device, or updates it: the endpoint is the device's identity. An
 * endpoint registered by another user becomes this user's (the browser profile changed hands:
 * whoever is signed in there now is who its notifications are for).
 */
export async function putPushDevice(
  db: Kysely<Database>,
  userId: string,
  input: PutPushSubscriptionBody,
): Promise<PushDevice> {
  const now = nowIso();
  const columns = {
    userId,
    p256dh: input.subscription.keys.p256dh,
    auth: input.subscription.keys.auth,
    events: pushEventKinds.filter((kind) => input.events.includes(kind)).join(','),
    label: input.label ?? null,
    updatedAt: now,
  };
  const row = await db
    .insertInto('pushSubscriptions')
    .values({ id: newId('psh'), endpoint: input.subscription.endpoint, createdAt: now, ...columns })
    .onConflict((conflict) => conflict.column('endpoint').doUpdateSet(columns))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPushDevice(row);
}

/** The caller's own devices, newest first. */
export async function listPushDevices(db: Kysely<Database>, userId: string): Promise<PushDevice[]> {
  const rows = await db
    .selectFrom('pushSubscriptions')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map(toPushDevice);
}

/** Removes one of the caller's devices; another user's (or an unknown id) is a 404. */
export async function deletePushDevice(db: Kysely<Database>, userId: string, id: string): Promise<void> {
  const deleted = await db
    .deleteFrom('pushSubscriptions')
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n) {
    throw new PlatformError(
      'NOT_FOUND',
      `You have no device ${id} registered for notifications; reload the list.`,
    );
  }
}

/** The devices of `userIds` that asked to hear about `kind`. */
export async function devicesToTell(
  db: Kysely<Database>,
  userIds: readonly string[],
  kind: PushEventKind,
): Promise<PushSubscription[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('pushSubscriptions')
    .selectAll()
    .where('userId', 'in', [...new Set(userIds)])
    .execute();
  return rows.filter((row) => eventsOf(row).includes(kind));
}

/** Forgets a device its push service says is gone (404/410). */
export async function forgetPushEndpoint(db: Kysely<Database>, endpoint: string): Promise<void> {
  await db.deleteFrom('pushSubscriptions').where('endpoint', '=', endpoint).execute();
}
