import { openDatabase } from '@lifeosai/db';

/**
 * Checks that runs executed exactly once, read straight from a Postgres the instances share
 * (the cluster test, `bench/run-workers.ts`).
 */

/** Every lease owner seen on the agent's runs while they execute, per run, until `stop()`. */
export function watchLeaseOwners(url: string, agentId: string) {
  const seen = new Map<string, Set<string>>();
  let watching = true;
  const done = (async () => {
    const handle = await openDatabase({ dialect: 'postgres', url, maxConnections: 1 }, { migrate: false });
    try {
      while (watching) {
        const rows = await handle.db
          .selectFrom('runs')
          .select(['id', 'leaseOwner'])
          .where('agentId', '=', agentId)
          .where('leaseOwner', 'is not', null)
          .execute();
        for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? new Set()).add(row.leaseOwner!));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await handle.close();
    }
  })();
  return {
    /** Ends the watch (idempotent) and answers what it saw. */
    async stop() {
      watching = false;
      await done;
      return seen;
    },
  };
}

/** Per run, in the order given: how many `system` (harness start) and `result` events it stored. */
export async function startsAndEndings(
  url: string,
  runIds: readonly string[],
): Promise<Array<{ runId: string; system: number; result: number }>> {
  const handle = await openDatabase({ dialect: 'postgres', url, maxConnections: 1 }, { migrate: false });
  try {
    const rows = await handle.db
      .selectFrom('runEvents')
      .select(['runId', 'type', (eb) => eb.fn.countAll<number>().as('count')])
      .where('runId', 'in', [...runIds])
      .where('type', 'in', ['system', 'result'])
      .groupBy(['runId', 'type'])
      .execute();
    const counts = new Map(runIds.map((runId) => [runId, { runId, system: 0, result: 0 }]));
    for (const row of rows) counts.get(row.runId)![row.type as 'system' | 'result'] = Number(row.count);
    return [...counts.values()];
  } finally {
    await handle.close();
  }
}
