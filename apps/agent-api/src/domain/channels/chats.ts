import type { ChannelChat, Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** A chat by its id. */
export function findChat(db: Kysely<Database>, id: string): Promise<ChannelChat | undefined> {
  return db.selectFrom('channelChats').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The session a chat continues; null starts a fresh one with the next message (`/new`). */
export async function setChatSession(db: Kysely<Database>, chatId: string, sessionId: string | null) {
  await db.updateTable('channelChats').set({ sessionId }).where('id', '=', chatId).execute();
}

/** A chat of the agent with its connection's type, for `send_message`. */
export interface AgentChat extends ChannelChat {
  type: string;
  agentId: string;
  senders: 'pairing' | 'allowlist' | 'open';
}

/** The agent's chats on its enabled connections, most recently active first. */
export function agentChats(db: Kysely<Database>, agentId: string, limit = 50): Promise<AgentChat[]> {
  return chatsOfAgent(db, agentId).orderBy('channelChats.lastMessageAt', 'desc').limit(limit).execute();
}

/** One chat of the agent's enabled connections by its id; undefined when it is not the agent's. */
export function agentChat(
  db: Kysely<Database>,
  agentId: string,
  chatId: string,
): Promise<AgentChat | undefined> {
  return chatsOfAgent(db, agentId).where('channelChats.id', '=', chatId).executeTakeFirst();
}

function chatsOfAgent(db: Kysely<Database>, agentId: string) {
  return db
    .selectFrom('channelChats')
    .innerJoin('channelConnections', 'channelConnections.id', 'channelChats.connectionId')
    .selectAll('channelChats')
    .select(['channelConnections.type', 'channelConnections.agentId', 'channelConnections.senders'])
    .where('channelConnections.agentId', '=', agentId)
    .where('channelConnections.enabled', '=', true);
}

/**
 * The agent's "home chat" on each enabled connection, where a heartbeat's result goes: the
 * private chat most recently answered (a run started from it) for a sender the owner trusts —
 * approved by pairing or on the allow list. Never a stranger's chat, even in `open` mode.
 */
export async function homeChats(db: Kysely<Database>, agentId: string): Promise<AgentChat[]> {
  const recent = await db
    .selectFrom('channelInbound')
    .innerJoin('channelChats', 'channelChats.id', 'channelInbound.chatId')
    .innerJoin('channelConnections', 'channelConnections.id', 'channelInbound.connectionId')
    .leftJoin('channelSenders', (join) =>
      join
        .onRef('channelSenders.connectionId', '=', 'channelInbound.connectionId')
        .onRef('channelSenders.senderId', '=', 'channelInbound.senderId'),
    )
    .selectAll('channelChats')
    .select([
      'channelConnections.type',
      'channelConnections.agentId',
      'channelConnections.senders',
      'channelConnections.allow',
      'channelInbound.senderId',
      'channelSenders.status as senderStatus',
    ])
    .where('channelConnections.agentId', '=', agentId)
    .where('channelConnections.enabled', '=', true)
    .where('channelChats.kind', '=', 'private')
    .where('channelInbound.runId', 'is not', null)
    .orderBy('channelInbound.id', 'desc')
    .limit(200)
    .execute();
  const homes = new Map<string, AgentChat>();
  for (const row of recent) {
    if (homes.has(row.connectionId)) continue;
    const trusted = row.senderStatus === 'approved' || (row.allow as string[]).includes(row.senderId);
    if (!trusted) continue;
    const { allow: _allow, senderId: _senderId, senderStatus: _status, ...chat } = row;
    homes.set(row.connectionId, chat);
  }
  return [...homes.values()];
}
