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
    // Agents already at their limit first: their queued runs are left out of the window below,
    // so a long backlog of one serialised agent never hides another agent's runs behind it.
    const runningRows = await trx
      .selectFrom('runs')
      .innerJoin('agents', 'agents.id', 'runs.agentId')
      .select(['runs.agentId', 'agents.maxConcurrentRuns', (eb) => eb.fn.countAll<number>().as('running')])
      .where('runs.status', '=', 'running')
      .groupBy(['runs.agentId', 'agents.maxConcurrentRuns'])
      .execute();
    const running = new Map(runningRows.map((row) => [row.agentId, Number(row.running)]));
    const full = runningRows
      .filter((row) => Number(row.running) >= row.maxConcurrentRuns)
      .map((row) => row.agentId);
    let window = trx
      .selectFrom('runs')
      .innerJoin('agents', 'agents.id', 'runs.agentId')
      .select(['runs.id', 'runs.agentId', 'agents.maxConcurrentRuns'])
      .where('runs.status', '=', 'queued');
    if (full.length > 0) window = window.where('runs.agentId', 'not in', full);
    const queued = await window
      .orderBy('runs.id')
      .limit(Math.max(50, options.slots * 4))
      .execute();
    if (queued.length === 0) return [];

    const chosen: string[] = [];
    for (const candidate of queued) {
      if (chosen.length >= options.slots) break;
      const active = running.get(candidate.agentId) ?? 0;
      if (active >= candidate.maxConcurrentRuns) continue;
      running.set(candidate.agentId, active + 1);
      chosen.push(candidate.id);
    }
    if (chosen.length === 0) return [];
    const now = new Date();
    const leaseExpiresAt = new Date(now.getTime() + options.leaseMs).toISOString();
    // One statement for the batch (a run cancelled meanwhile is no longer queued and stays out).
    const claimed = await trx
      .updateTable('runs')
      .set({ status: 'running', leaseOwner: options.owner, leaseExpiresAt, startedAt: now.toISOString() })
      .where('id', 'in', chosen)
      .where('status', '=', 'queued')
      .returningAll()
      .execute();
    // Oldest first, as chosen (RETURNING keeps no order).
    return claimed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  });
}
