import type { Database, Run } from '@lifeosai/db';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { activeRunStatuses } from './run-reads.ts';

/** The ids of the sessions a caller may read (`readableSessionIds` in domain/sessions/readers.ts). */
export type SessionIdQuery = SelectQueryBuilder<Database, 'sessions' | 'agents', { id: string }>;

/** Each agent's queued and running runs, counted; agents with none are absent. */
export async function activeRunCounts(
  db: Kysely<Database>,
  agentIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('runs')
    .select(['agentId', (eb) => eb.fn.countAll<number>().as('count')])
    .where('agentId', 'in', agentIds)
    .where('status', 'in', activeRunStatuses)
    .groupBy('agentId')
    .execute();
  return new Map(rows.map((row) => [row.agentId, Number(row.count)]));
}

/**
 * Each agent's open permission requests in the conversations `readable` lists: a request is
 * open while its run runs and no `permission_resolved` with its id followed.
 */
export async function openPermissionCounts(
  db: Kysely<Database>,
  agentIds: readonly string[],
  readable: SessionIdQuery,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('runEvents')
    .innerJoin('runs', 'runs.id', 'runEvents.runId')
    .select(['runs.agentId', 'runEvents.type', (eb) => eb.fn.countAll<number>().as('count')])
    .where('runs.agentId', 'in', agentIds)
    .where('runs.status', '=', 'running')
    .where('runs.sessionId', 'in', readable)
    .where('runEvents.type', 'in', ['permission_request', 'permission_resolved'])
    .groupBy(['runs.agentId', 'runEvents.type'])
    .execute();
  const pending = new Map<string, number>();
  for (const row of rows) {
    const sign = row.type === 'permission_request' ? 1 : -1;
    pending.set(row.agentId, (pending.get(row.agentId) ?? 0) + sign * Number(row.count));
  }
  for (const [agentId, count] of pending) pending.set(agentId, Math.max(0, count));
  return pending;
}

/** The organization's run `runId` when its session is one `readable` lists; undefined otherwise. */
export function findRunInSessions(
  db: Kysely<Database>,
  orgId: string,
  runId: string,
  readable: SessionIdQuery,
): Promise<Run | undefined> {
  return db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('orgId', '=', orgId)
    .where('sessionId', 'in', readable)
    .executeTakeFirst();
}
