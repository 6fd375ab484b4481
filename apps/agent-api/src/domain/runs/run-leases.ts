import { type Database, type Run, toJson } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/** A run left `running` under a lease nobody renewed, with what recovering it needs. */
export interface ExpiredRun {
  id: string;
  sessionId: string;
  agentId: string;
  attempt: number;
  maxAttempts: number;
  leaseExpiresAt: string | null;
  /** The agent's harness, for the synthetic ending's envelope. */
  adapterType: string;
}

/** Runs still `running` whose lease expired before `now` (ISO). */
export function expiredRuns(db: Kysely<Database>, now: string): Promise<ExpiredRun[]> {
  return db
    .selectFrom('runs')
    .innerJoin('agents', 'agents.id', 'runs.agentId')
    .select([
      'runs.id',
      'runs.sessionId',
      'runs.agentId',
      'runs.attempt',
      'runs.maxAttempts',
      'runs.leaseExpiresAt',
      'agents.adapterType',
    ])
    .where('runs.status', '=', 'running')
    .where('runs.leaseExpiresAt', '<', now)
    .execute();
}

/**
 * Takes an expired run back from its dead owner: queued again for another attempt, or failed
 * as `RUN_LOST`. A compare-and-set on the expired lease: false when another recoverer (or a
 * late renewal) got there first, and nothing changed.
 */
export async function releaseExpiredRun(
  db: Kysely<Database>,
  run: ExpiredRun,
  retry: boolean,
  now: string,
): Promise<boolean> {
  const updated = await db
    .updateTable('runs')
    .set(
      retry
        ? { status: 'queued', attempt: run.attempt + 1, leaseOwner: null, leaseExpiresAt: null }
        : {
            status: 'failed',
            leaseOwner: null,
            leaseExpiresAt: null,
            finishedAt: now,
            error: toJson({
              code: 'RUN_LOST',
              message: 'The instance executing this run stopped before it finished; start the run again.',
            }),
          },
    )
    .where('id', '=', run.id)
    .where('status', '=', 'running')
    .where('leaseExpiresAt', '=', run.leaseExpiresAt)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/**
 * Extends the leases `owner` still holds among `runIds`; returns those it holds, with whether a
 * user asked to cancel each. A run missing from the answer was taken over by another instance.
 */
export function extendLeases(
  db: Kysely<Database>,
  runIds: readonly string[],
  owner: string,
  leaseExpiresAt: string,
): Promise<Array<Pick<Run, 'id' | 'cancelRequested'>>> {
  return db
    .updateTable('runs')
    .set({ leaseExpiresAt })
    .where('id', 'in', runIds)
    .where('leaseOwner', '=', owner)
    .where('status', '=', 'running')
    .returning(['id', 'cancelRequested'])
    .execute();
}

/** Cancels a run that has not started; undefined when it is no longer queued. */
export function cancelQueuedRun(db: Kysely<Database>, runId: string, now: string): Promise<Run | undefined> {
  return db
    .updateTable('runs')
    .set({
      status: 'cancelled',
      finishedAt: now,
      error: toJson({ code: 'CANCELLED', message: 'Cancelled before it started.' }),
    })
    .where('id', '=', runId)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** Marks a running run for cancellation: whichever instance holds its lease stops it at its next renewal. */
export async function requestCancel(db: Kysely<Database>, runId: string): Promise<void> {
  await db.updateTable('runs').set({ cancelRequested: true }).where('id', '=', runId).execute();
}
