import type { InboundMessage } from '@lifeosai/channel-spec';
import { type ChannelInbound, type Database, newId, toJson } from '@lifeosai/db';
import type { Kysely, Transaction } from 'kysely';

/** Why the runtime set a journal row aside (`outcome`), in words the history shows. */
export const outcomes = {
  awaitingApproval: 'waiting for the agent owner to approve the sender',
} as const;

/**
 * Journals received messages, each with its chat's row, in one transaction: a message already
 * journaled (same connection and network message id: a redelivery, another instance's
 * webhook) is a no-op. Resolves once committed; only then may the network be told.
 * Returns how many rows are new.
 */
export async function journalInbound(
  db: Kysely<Database>,
  connectionId: string,
  messages: readonly InboundMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let added = 0;
    for (const message of messages) {
      const chatId = await upsertChat(trx, connectionId, message);
      const inserted = await trx
        .insertInto('channelInbound')
        .values({
          id: newId('cin'),
          connectionId,
          chatId,
          networkMessageId: message.networkMessageId,
          senderId: message.sender.id,
          senderName: message.sender.name ?? message.sender.username ?? null,
          text: message.text,
          message: toJson(message),
          status: 'received',
          receivedAt: new Date().toISOString(),
        })
        .onConflict((conflict) => conflict.columns(['connectionId', 'networkMessageId']).doNothing())
        .executeTakeFirst();
      added += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  });
}

async function upsertChat(
  trx: Transaction<Database>,
  connectionId: string,
  message: InboundMessage,
): Promise<string> {
  const now = new Date().toISOString();
  const title = message.chat.title ?? null;
  await trx
    .insertInto('channelChats')
    .values({
      id: newId('cch'),
      connectionId,
      networkChatId: message.chat.id,
      kind: message.chat.kind,
      title,
      lastMessageAt: now,
      createdAt: now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['connectionId', 'networkChatId'])
        .doUpdateSet({ lastMessageAt: now, ...(title !== null && { title }) }),
    )
    .execute();
  const chat = await trx
    .selectFrom('channelChats')
    .select('id')
    .where('connectionId', '=', connectionId)
    .where('networkChatId', '=', message.chat.id)
    .executeTakeFirstOrThrow();
  return chat.id;
}

/** The chats of a connection with messages not yet answered or set aside. */
export async function chatsWithOpenMessages(db: Kysely<Database>, connectionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('channelInbound')
    .select('chatId')
    .distinct()
    .where('connectionId', '=', connectionId)
    .where('status', 'in', ['received', 'queued', 'running'])
    .execute();
  return rows.map((row) => row.chatId);
}

/** A chat's open messages (received, queued, running), in arrival order. */
export function openMessages(db: Kysely<Database>, chatId: string): Promise<ChannelInbound[]> {
  return db
    .selectFrom('channelInbound')
    .selectAll()
    .where('chatId', '=', chatId)
    .where('status', 'in', ['received', 'queued', 'running'])
    .orderBy('id')
    .execute();
}

/** Sets journal rows' status (and outcome, run); `from` guards against a concurrent change. */
export async function markMessages(
  db: Kysely<Database> | Transaction<Database>,
  ids: readonly string[],
  patch: { status: ChannelInbound['status']; outcome?: string | null; runId?: string | null },
  from?: ReadonlyArray<ChannelInbound['status']>,
): Promise<number> {
  if (ids.length === 0) return 0;
  const done = patch.status === 'done' || patch.status === 'ignored';
  let update = db
    .updateTable('channelInbound')
    .set({
      status: patch.status,
      ...(patch.outcome !== undefined && { outcome: patch.outcome }),
      ...(patch.runId !== undefined && { runId: patch.runId }),
      ...(done && { handledAt: new Date().toISOString() }),
    })
    .where('id', 'in', [...ids]);
  if (from) update = update.where('status', 'in', [...from]);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Messages of one run still marked running (the run's reply not yet written). */
export function messagesOfRun(db: Kysely<Database>, runId: string): Promise<ChannelInbound[]> {
  return db
    .selectFrom('channelInbound')
    .selectAll()
    .where('runId', '=', runId)
    .where('status', '=', 'running')
    .orderBy('id')
    .execute();
}

/** The first journal row that started this run (its chat is the run's own chat). */
export function firstMessageOfRun(db: Kysely<Database>, runId: string): Promise<ChannelInbound | undefined> {
  return db
    .selectFrom('channelInbound')
    .selectAll()
    .where('runId', '=', runId)
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * How many messages arrived since `since` up to the row `untilId` (ids grow with arrival, so a
 * batch journaled in one millisecond still counts in order): of one sender, or of the connection.
 */
export async function countSince(
  db: Kysely<Database>,
  connectionId: string,
  window: { since: string; untilId: string },
  senderId?: string,
): Promise<number> {
  let select = db
    .selectFrom('channelInbound')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('connectionId', '=', connectionId)
    .where('receivedAt', '>=', window.since)
    .where('id', '<=', window.untilId);
  if (senderId !== undefined) select = select.where('senderId', '=', senderId);
  const row = await select.executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Whether some row since `since` (of this sender, when given) was set aside with this outcome. */
export async function hasOutcomeSince(
  db: Kysely<Database>,
  connectionId: string,
  outcome: string,
  since: string,
  senderId?: string,
): Promise<boolean> {
  let select = db
    .selectFrom('channelInbound')
    .select('id')
    .where('connectionId', '=', connectionId)
    .where('outcome', '=', outcome)
    .where('receivedAt', '>=', since);
  if (senderId !== undefined) select = select.where('senderId', '=', senderId);
  return (await select.executeTakeFirst()) !== undefined;
}

/** A sender's messages waiting for approval go on (`received`) or are dropped (`ignored`). */
export async function decideWaitingMessages(
  db: Kysely<Database>,
  connectionId: string,
  senderId: string,
  approved: boolean,
): Promise<ChannelInbound[]> {
  const waiting = await db
    .selectFrom('channelInbound')
    .selectAll()
    .where('connectionId', '=', connectionId)
    .where('senderId', '=', senderId)
    .where('status', '=', 'queued')
    .where('outcome', '=', outcomes.awaitingApproval)
    .orderBy('id')
    .execute();
  await markMessages(
    db,
    waiting.map((row) => row.id),
    approved ? { status: 'received', outcome: null } : { status: 'ignored', outcome: 'sender denied' },
    ['queued'],
  );
  return waiting;
}
