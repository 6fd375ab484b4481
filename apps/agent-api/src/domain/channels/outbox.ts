import { type ChannelOutbox, type Database, newId, toJson } from '@lifeosai/db';
import type { Kysely, Transaction } from 'kysely';

/** A workspace file an outbox entry sends (read from the agent's workspace when sent). */
export interface OutboxMedia {
  kind: 'image' | 'voice' | 'document';
  /** Relative to the agent's workspace. */
  path: string;
  fileName: string;
  mimeType: string;
}

/** One part to send. */
export interface OutboxPart {
  chatId: string;
  /** Unique per connection: `reply:<runId>:<i>`, `tool:<runId>:<call>:<i>`, `cmd:<messageId>:<i>`. */
  key: string;
  text: string;
  media?: OutboxMedia[];
  buttons?: Array<Array<{ text: string; data: string }>>;
  runId?: string;
}

/** Writes parts to the outbox; a key already written is a no-op (a second writer, a restart). */
export async function enqueueOutbox(
  db: Kysely<Database> | Transaction<Database>,
  connectionId: string,
  parts: readonly OutboxPart[],
): Promise<void> {
  const now = new Date().toISOString();
  for (const part of parts) {
    await db
      .insertInto('channelOutbox')
      .values({
        id: newId('cob'),
        connectionId,
        chatId: part.chatId,
        idempotencyKey: part.key,
        text: part.text,
        media: part.media ? toJson(part.media) : null,
        buttons: part.buttons ? toJson(part.buttons) : null,
        runId: part.runId ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflict((conflict) => conflict.columns(['connectionId', 'idempotencyKey']).doNothing())
      .execute();
  }
}

/** An entry due for sending, with its chat's network id. */
export type DueOutbox = ChannelOutbox & { networkChatId: string };

/** Pending entries of a connection, oldest first (order per chat is creation order). */
export function pendingOutbox(db: Kysely<Database>, connectionId: string): Promise<DueOutbox[]> {
  return db
    .selectFrom('channelOutbox')
    .innerJoin('channelChats', 'channelChats.id', 'channelOutbox.chatId')
    .selectAll('channelOutbox')
    .select('channelChats.networkChatId')
    .where('channelOutbox.connectionId', '=', connectionId)
    .where('channelOutbox.status', '=', 'pending')
    .orderBy('channelOutbox.id')
    .limit(200)
    .execute();
}

/** Sent: the network's ids recorded. */
export async function markOutboxSent(db: Kysely<Database>, id: string, networkMessageIds: string[]) {
  await db
    .updateTable('channelOutbox')
    .set({
      status: 'sent',
      networkMessageIds: toJson(networkMessageIds),
      sentAt: new Date().toISOString(),
      lastError: null,
    })
    .where('id', '=', id)
    .execute();
}

/** A failed attempt: tried again at `retryAt`, or `failed` for good when `retryAt` is absent. */
export async function markOutboxAttempt(
  db: Kysely<Database>,
  id: string,
  attempts: number,
  lastError: string,
  retryAt?: string,
) {
  await db
    .updateTable('channelOutbox')
    .set({
      attempts,
      lastError,
      ...(retryAt ? { nextAttemptAt: retryAt } : { status: 'failed' }),
    })
    .where('id', '=', id)
    .execute();
}
