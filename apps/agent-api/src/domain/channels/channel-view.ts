import type { Channel } from '@lifeosai/api-contract';
import type { ChannelConnection, Database } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { Kysely } from 'kysely';

/**
 * A connection of the caller's organization; `404 NOT_FOUND` otherwise (unknown, or another
 * organization's: never confirmed to exist).
 */
export async function getConnection(
  db: Kysely<Database>,
  orgId: string,
  connectionId: string,
): Promise<ChannelConnection> {
  const row = await db
    .selectFrom('channelConnections')
    .selectAll()
    .where('id', '=', connectionId)
    .where('orgId', '=', orgId)
    .executeTakeFirst();
  if (!row) throw notFound('channel', connectionId);
  return row;
}

/** The API's view of connections (`channelSchema`): never a token or a secret's name. */
export async function channelViews(
  db: Kysely<Database>,
  rows: readonly ChannelConnection[],
): Promise<Channel[]> {
  if (rows.length === 0) return [];
  const pending = await db
    .selectFrom('channelSenders')
    .select(['connectionId', (eb) => eb.fn.countAll<number>().as('count')])
    .where(
      'connectionId',
      'in',
      rows.map((row) => row.id),
    )
    .where('status', '=', 'pending')
    .groupBy('connectionId')
    .execute();
  const pendingBy = new Map(pending.map((row) => [row.connectionId, Number(row.count)]));
  return rows.map((row) => ({
    id: row.id,
    agentId: row.agentId,
    type: row.type as Channel['type'],
    status: row.status,
    enabled: row.enabled,
    senders: row.senders,
    allow: row.allow,
    transport: row.transport,
    account: row.accountId ? { id: row.accountId, name: row.accountName ?? row.accountId } : null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    pendingSenders: pendingBy.get(row.id) ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

export async function channelView(db: Kysely<Database>, row: ChannelConnection): Promise<Channel> {
  return (await channelViews(db, [row]))[0]!;
}
