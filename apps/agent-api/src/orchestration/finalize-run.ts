import { type Database, nowIso, type Run } from '@lifeosai/db';
import type { ResultEvent } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import { pauseIfBudgetSpent } from '../domain/budget.ts';
import { finishRun } from '../domain/runs/index.ts';

/** How the run ended, as the executor saw it. */
export interface RunEnding {
  /** The run's final `result` (already emitted), or undefined when events could not be stored. */
  result: ResultEvent | undefined;
  nativeSessionId?: string;
  /** The run's `error.code` when it is more precise than the result's class (`SECRET_NOT_FOUND`). */
  errorCode?: string;
  /** Set when the events could not be stored: the run fails with `EVENTS_NOT_STORED`. */
  storageError?: string;
}

const finalStatus = (result: ResultEvent | undefined): Run['status'] => {
  if (!result) return 'failed';
  if (!result.is_error) return 'succeeded';
  if (result.error_class === 'cancelled') return 'cancelled';
  if (result.error_class === 'timeout') return 'timed_out';
  return 'failed';
};

/**
 * The finalize stage: the run row (status, error), the session's resume handle, and the
 * agent paused once its monthly budget is spent. What the run spent is in its usage records
 * (run-usage.ts), not here. Does nothing when another instance took the run over (its lease
 * is gone).
 */
export async function finalizeRun(
  db: Kysely<Database>,
  run: Run,
  owner: string,
  ending: RunEnding,
): Promise<Run['status']> {
  const { result, storageError } = ending;
  const status = storageError ? 'failed' : finalStatus(result);
  const error = storageError
    ? { code: 'EVENTS_NOT_STORED', message: storageError }
    : result?.is_error
      ? {
          code: ending.errorCode ?? (result.error_class ?? 'unknown').toUpperCase(),
          message: result.errors?.join('; ') || 'The run failed.',
        }
      : null;
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const finished = await finishRun(trx, run.id, owner, { status, error, finishedAt: now });
    // Lost the lease (another instance recovered the run): it owns the outcome now.
    if (!finished) return;
    if (ending.nativeSessionId) {
      await trx
        .updateTable('sessions')
        .set({ nativeSessionId: ending.nativeSessionId, updatedAt: now })
        .where('id', '=', run.sessionId)
        .execute();
    }
  });
  await pauseIfBudgetSpent(db, run.agentId);
  return status;
}
