import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** The agent's spend since the first of this month (UTC), from usage records. */
export async function monthToDateCostUsd(
  db: Kysely<Database>,
  agentId: string,
  now = new Date(),
): Promise<number> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const row = await db
    .selectFrom('usageRecords')
    .select((eb) => eb.fn.sum<number>('costUsd').as('total'))
    .where('agentId', '=', agentId)
    .where('createdAt', '>=', monthStart)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
