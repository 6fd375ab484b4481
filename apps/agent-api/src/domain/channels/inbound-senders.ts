import { type ChannelSender, type Database, newId } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** What the connection knows of a sender, if anything. */
export function findSender(
  db: Kysely<Database>,
  connectionId: string,
  senderId: string,
): Promise<ChannelSender | undefined> {
  return db
    .selectFrom('channelSenders')
    .selectAll()
    .where('connectionId', '=', connectionId)
    .where('senderId', '=', senderId)
    .executeTakeFirst();
}

/**
 * Records an unknown sender as waiting for approval with `code`; returns the row that holds
 * (a concurrent first message of the same sender keeps the first code).
 */
export async function addPendingSender(
  db: Kysely<Database>,
  connectionId: string,
  sender: { id: string; name: string | null },
  code: string,
): Promise<{ sender: ChannelSender; created: boolean }> {
  const inserted = await db
    .insertInto('channelSenders')
    .values({
      id: newId('csn'),
      connectionId,
      senderId: sender.id,
      name: sender.name,
      status: 'pending',
      code,
      requestedAt: new Date().toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['connectionId', 'senderId']).doNothing())
    .executeTakeFirst();
  const row = await findSender(db, connectionId, sender.id);
  if (!row) throw new Error(`sender ${sender.id} vanished after insert`);
  return { sender: row, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
}
