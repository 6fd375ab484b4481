import { type Database, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';
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
  const expired = await db
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
  let recovered = 0;
  for (const run of expired) {
    const retry = run.attempt < run.maxAttempts;
    const notice = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('runs')
        .set(
          retry
            ? { status: 'queued', attempt: run.attempt + 1, leaseOwner: null, leaseExpiresAt: null }
            : {
                status: 'failed',
                leaseOwner: null,
                leaseExpiresAt: null,
                finishedAt: now,
                error: JSON.stringify({
                  code: 'RUN_LOST',
                  message: 'The instance executing this run stopped before it finished; start the run again.',
                }),
              },
        )
        .where('id', '=', run.id)
        .where('status', '=', 'running')
        .where('leaseExpiresAt', '=', run.leaseExpiresAt)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return undefined;
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
