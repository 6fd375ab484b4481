import { type Database, type NewRun, type Run, toJson } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** A new run, queued for the invoker to claim. */
export function insertQueuedRun(
  db: Kysely<Database>,
  run: Omit<NewRun, 'status' | 'attempt' | 'leaseOwner' | 'leaseExpiresAt'>,
): Promise<Run> {
  return db
    .insertInto('runs')
    .values({ ...run, status: 'queued' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** How a run ended, as stored on its row (what it spent is in its usage records). */
export interface RunFinish {
  status: Run['status'];
  error: { code: string; message: string } | null;
  /** ISO time the run ended. */
  finishedAt: string;
}

/**
 * Ends a running run held by `owner` and releases its lease. False when the owner lost it
 * (another instance recovered the run and owns its outcome now): nothing was changed.
 */
export async function finishRun(
  db: Kysely<Database>,
  runId: string,
  owner: string,
  finish: RunFinish,
): Promise<boolean> {
  const updated = await db
    .updateTable('runs')
    .set({
      status: finish.status,
      error: finish.error ? toJson(finish.error) : null,
      finishedAt: finish.finishedAt,
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .where('leaseOwner', '=', owner)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}
