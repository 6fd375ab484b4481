import type { ChannelConnection, Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/**
 * Takes or renews the leases of every enabled connection of these types that is free (never
 * leased, or its holder's lease expired: a dead instance) or already this instance's, and
 * returns the rows this instance now holds. One UPDATE per call: on Postgres its WHERE is
 * re-checked on the locked row, so two instances never both take one connection.
 */
export async function holdConnections(
  db: Kysely<Database>,
  owner: string,
  types: readonly string[],
  leaseMs: number,
): Promise<ChannelConnection[]> {
  if (types.length === 0) return [];
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  return db
    .updateTable('channelConnections')
    .set({ leaseOwner: owner, leaseExpiresAt: until })
    .where('enabled', '=', true)
    .where('type', 'in', [...types])
    .where((eb) =>
      eb.or([
        eb('leaseOwner', '=', owner),
        eb('leaseOwner', 'is', null),
        eb('leaseExpiresAt', 'is', null),
        eb('leaseExpiresAt', '<', now.toISOString()),
      ]),
    )
    .returningAll()
    .execute();
}

/** Gives connections back (the instance stops): the next instance takes them at once. */
export async function releaseConnections(db: Kysely<Database>, owner: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await db
    .updateTable('channelConnections')
    .set({ leaseOwner: null, leaseExpiresAt: null })
    .where('id', 'in', [...ids])
    .where('leaseOwner', '=', owner)
    .execute();
}

/** A connection's row, whoever runs it. */
export function findConnection(db: Kysely<Database>, id: string): Promise<ChannelConnection | undefined> {
  return db.selectFrom('channelConnections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Agents with at least one connection (their runs get the channel tools). */
export async function agentsWithConnections(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('channelConnections').select('agentId').distinct().execute();
  return new Set(rows.map((row) => row.agentId));
}

/** What a connection says about itself, on its row (`lastError` cleared once healthy). */
export async function recordConnectionStatus(
  db: Kysely<Database>,
  id: string,
  update: {
    status: ChannelConnection['status'];
    lastError?: string | null;
    account?: { id: string; name: string };
  },
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .updateTable('channelConnections')
    .set({
      status: update.status,
      ...(update.lastError !== undefined && {
        lastError: update.lastError,
        lastErrorAt: update.lastError === null ? null : now,
      }),
      ...(update.account && { accountId: update.account.id, accountName: update.account.name }),
    })
    .where('id', '=', id)
    .execute();
}
