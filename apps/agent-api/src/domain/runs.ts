import type { Run as RunView } from '@lifeosai/api-contract';
import type { Database, Run } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { Kysely } from 'kysely';

export function toRunView(run: Run): RunView {
  return {
    id: run.id,
    agentId: run.agentId,
    sessionId: run.sessionId,
    status: run.status,
    prompt: run.prompt,
    attempt: run.attempt,
    usage: run.usage,
    costUsd: run.costUsd,
    costComputed: run.costComputed,
    ...(run.error && { error: run.error }),
    createdAt: run.createdAt,
    ...(run.startedAt && { startedAt: run.startedAt }),
    ...(run.finishedAt && { finishedAt: run.finishedAt }),
  };
}

/** A run of the org; unknown and foreign ids are the same 404. */
export async function getRun(db: Kysely<Database>, orgId: string, runId: string): Promise<Run> {
  const run = await db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('orgId', '=', orgId)
    .executeTakeFirst();
  if (!run) throw notFound('run', runId);
  return run;
}

export const terminalRunStatuses: ReadonlyArray<Run['status']> = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
];
