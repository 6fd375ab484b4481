import type { Database, DialectName, Run } from '@lifeosai/db';
import { type Kysely, sql } from 'kysely';

export interface ClaimOptions {
  /** This instance's id, written as the lease owner. */
  owner: string;
  leaseMs: number;
  /** How many more runs this instance may execute now (global concurrency). */
  slots: number;
}

/**
 * Atomically moves queued runs to `running` under this instance's lease, oldest first,
 * respecting each agent's max concurrent runs across all instances.
 *
 * Claims are serialised — on Postgres by a transaction-scoped advisory lock, on SQLite by
 * `BEGIN IMMEDIATE` — so two instances never both see an agent's last free slot; the
 * `status = 'queued'` guard on the update makes a double claim impossible regardless.
 */
export async function claimRuns(
  db: Kysely<Database>,
  dialect: DialectName,
  options: ClaimOptions,
): Promise<Run[]> {
  if (options.slots <= 0) return [];
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    const queued = await trx
      .selectFrom('runs')
      .innerJoin('agents', 'agents.id', 'runs.agentId')
      .select(['runs.id', 'runs.agentId', 'agents.maxConcurrentRuns'])
      .where('runs.status', '=', 'queued')
      .orderBy('runs.id')
      .limit(Math.max(50, options.slots * 4))
      .execute();
    if (queued.length === 0) return [];
    const agentIds = [...new Set(queued.map((row) => row.agentId))];
    const runningRows = await trx
      .selectFrom('runs')
      .select(['agentId', (eb) => eb.fn.countAll<number>().as('running')])
      .where('status', '=', 'running')
      .where('agentId', 'in', agentIds)
      .groupBy('agentId')
      .execute();
    const running = new Map(runningRows.map((row) => [row.agentId, Number(row.running)]));

    const claimed: Run[] = [];
    const now = new Date();
    const leaseExpiresAt = new Date(now.getTime() + options.leaseMs).toISOString();
    for (const candidate of queued) {
      if (claimed.length >= options.slots) break;
      const active = running.get(candidate.agentId) ?? 0;
      if (active >= candidate.maxConcurrentRuns) continue;
      const run = await trx
        .updateTable('runs')
        .set({ status: 'running', leaseOwner: options.owner, leaseExpiresAt, startedAt: now.toISOString() })
        .where('id', '=', candidate.id)
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      if (!run) continue;
      running.set(candidate.agentId, active + 1);
      claimed.push(run);
    }
    return claimed;
  });
}
