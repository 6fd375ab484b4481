import { type Database, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { expiredRuns, releaseExpiredRun } from '../domain/runs/index.ts';
import type { EventBus } from '../events/event-bus.ts';
import { writeTerminalEvents } from './terminal-events.ts';

/**
 * Finds runs left `running` under a lease nobody renewed (the instance died: crash,
 * `kill -9`, lost machine) and resolves each exactly once: back to `queued` for another
 * attempt when its policy allows (`attempt < maxAttempts`), otherwise `failed` with a
 * clear error and a synthetic ending appended after its stored events. The compare-and-set
 * on the expired lease makes concurrent recoverers harmless.
 */
export async function recoverExpiredRuns(db: Kysely<Database>, bus: EventBus): Promise<number> {
  const now = nowIso();
  const expired = await expiredRuns(db, now);
  let recovered = 0;
  for (const run of expired) {
    const retry = run.attempt < run.maxAttempts;
    const notice = await db.transaction().execute(async (trx) => {
      if (!(await releaseExpiredRun(trx, run, retry, now))) return undefined;
      recovered++;
      if (retry) return null;
      return writeTerminalEvents(
        trx,
        { id: run.id, sessionId: run.sessionId, agentId: run.agentId, harness: run.adapterType },
        'process_exit',
        'The instance executing this run stopped before it finished.',
      );
    });
    if (notice) await bus.publish(notice);
  }
  return recovered;
}
