import type { ChannelChat, ChannelHistoryQuery, ChannelMessage } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import { type Kysely, sql } from 'kysely';
import { parseCursor } from '../sessions/session-list.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts `limit + 1` rows to a page; the cursor is the last item's time and id. */
function page<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? `${at(last)}~${last.id}` : null };
}

/** `GET /channels/:id/chats`: the connection's chats, latest message first. */
export async function listChats(
  db: Kysely<Database>,
  connectionId: string,
  query: ChannelHistoryQuery,
): Promise<Page<ChannelChat>> {
  const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  let chats = db
    .selectFrom('channelChats')
    .select(['id', 'kind', 'title', 'sessionId', 'lastMessageAt'])
    .where('connectionId', '=', connectionId);
  if (after) {
    chats = chats.where((eb) =>
      eb.or([
        eb('lastMessageAt', '<', after.at),
        eb.and([eb('lastMessageAt', '=', after.at), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await chats
    .orderBy('lastMessageAt', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return page(rows, query.limit, (row) => row.lastMessageAt);
}

/**
 * `GET /channels/:id/chats/:chatId/messages`: what came in (the inbound journal) and what went
 * out (the outbox) in one list, newest first. `404` for a chat not on this connection.
 */
export async function listChatMessages(
  db: Kysely<Database>,
  connectionId: string,
  chatId: string,
  query: ChannelHistoryQuery,
): Promise<Page<ChannelMessage>> {
  const chat = await db
    .selectFrom('channelChats')
    .select('id')
    .where('id', '=', chatId)
    .where('connectionId', '=', connectionId)
    .executeTakeFirst();
  if (!chat) throw notFound('chat', chatId);
  const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  const inbound = db
    .selectFrom('channelInbound')
    .select([
      'id',
      sql<'in' | 'out'>`'in'`.as('direction'),
      sql<string | null>`sender_id`.as('senderId'),
      'senderName',
      'text',
      sql<string>`status`.as('status'),
      sql<string | null>`outcome`.as('note'),
      'runId',
      sql<string>`received_at`.as('at'),
    ])
    .where('chatId', '=', chatId);
  const outbound = db
    .selectFrom('channelOutbox')
    .select([
      'id',
      sql<'in' | 'out'>`'out'`.as('direction'),
      sql<string | null>`null`.as('senderId'),
      sql<string | null>`null`.as('senderName'),
      'text',
      sql<string>`status`.as('status'),
      sql<string | null>`last_error`.as('note'),
      'runId',
      sql<string>`created_at`.as('at'),
    ])
    .where('chatId', '=', chatId);
  let messages = db.selectFrom(inbound.unionAll(outbound).as('m')).selectAll();
  if (after) {
    messages = messages.where((eb) =>
      eb.or([eb('m.at', '<', after.at), eb.and([eb('m.at', '=', after.at), eb('m.id', '<', after.id)])]),
    );
  }
  const rows = await messages
    .orderBy('m.at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return page(rows, query.limit, (row) => row.at);
}
