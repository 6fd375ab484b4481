import type { Database, Run } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { terminalRunStatuses } from './run-reads.ts';

/** How a run ended, for a reply on a channel: its status and final assistant text. */
export interface RunEnding {
  run: Run;
  /** The `result` event's final assistant text, when the run produced one. */
  text: string | undefined;
}

/** The run's ending, or undefined while it has not ended. */
export async function runEnding(db: Kysely<Database>, runId: string): Promise<RunEnding | undefined> {
  const run = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || !terminalRunStatuses.includes(run.status)) return undefined;
  const result = await db
    .selectFrom('runEvents')
    .select('data')
    .where('runId', '=', runId)
    .where('type', '=', 'result')
    .executeTakeFirst();
  const text = (result?.data as { result?: unknown } | undefined)?.result;
  return { run, text: typeof text === 'string' && text.trim() !== '' ? text : undefined };
}

/** Which of these runs have ended (a channel's lease holder checks its chats' runs). */
export async function endedRunIds(db: Kysely<Database>, runIds: readonly string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .selectFrom('runs')
    .select('id')
    .where('id', 'in', [...runIds])
    .where('status', 'in', [...terminalRunStatuses])
    .execute();
  return rows.map((row) => row.id);
}

/** Queued and running runs of an agent, for `/status`. */
export async function agentWorkload(
  db: Kysely<Database>,
  agentId: string,
): Promise<{ running: number; queued: number }> {
  const rows = await db
    .selectFrom('runs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('agentId', '=', agentId)
    .where('status', 'in', ['queued', 'running'])
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  return { running: count('running'), queued: count('queued') };
}
