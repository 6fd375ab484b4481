import { openDatabase } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterEach, describe, expect, it } from 'vitest';
import { seedAgent, seedRuns } from '../../testing/seed.ts';
import { claimRuns } from './claim-runs.ts';

describe.each(testDialects)('claiming queued runs on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('claims oldest first, up to the free slots, and marks them running under a lease', async () => {
    database = await openTestDatabase(dialect);
    const agent = await seedAgent(database.db, { maxConcurrentRuns: 10 });
    const ids = await seedRuns(database.db, agent, 5);
    const claimed = await claimRuns(database.db, dialect, { owner: 'inst_a', leaseMs: 10_000, slots: 3 });
    expect(claimed.map((run) => run.id)).toEqual(ids.slice(0, 3));
    for (const run of claimed) {
      expect(run).toMatchObject({ status: 'running', leaseOwner: 'inst_a', startedAt: expect.any(String) });
      expect(Date.parse(run.leaseExpiresAt!)).toBeGreaterThan(Date.now());
    }
  });

  it("never runs more of one agent's runs than its limit, while other agents proceed", async () => {
    database = await openTestDatabase(dialect);
    const limited = await seedAgent(database.db, { maxConcurrentRuns: 1 });
    const other = await seedAgent(database.db, { maxConcurrentRuns: 2 });
    await seedRuns(database.db, limited, 3);
    await seedRuns(database.db, other, 3);
    const first = await claimRuns(database.db, dialect, { owner: 'inst_a', leaseMs: 10_000, slots: 10 });
    expect(first.filter((run) => run.agentId === limited.agentId)).toHaveLength(1);
    expect(first.filter((run) => run.agentId === other.agentId)).toHaveLength(2);
    expect(await claimRuns(database.db, dialect, { owner: 'inst_b', leaseMs: 10_000, slots: 10 })).toEqual(
      [],
    );
  });

  it("claims another agent's run behind a long backlog of an agent at its limit", async () => {
    database = await openTestDatabase(dialect);
    const serialised = await seedAgent(database.db, { maxConcurrentRuns: 1 });
    const other = await seedAgent(database.db, { maxConcurrentRuns: 1 });
    await seedRuns(database.db, serialised, 1, { status: 'running', leaseOwner: 'inst_a' });
    // More queued runs than one claim's window, all older than the other agent's.
    await seedRuns(database.db, serialised, 80);
    const [waiting] = await seedRuns(database.db, other, 1);
    const claimed = await claimRuns(database.db, dialect, { owner: 'inst_b', leaseMs: 10_000, slots: 4 });
    expect(claimed.map((run) => run.id)).toEqual([waiting]);
  });
});

describe('claiming on postgres from two instances at once', () => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('claims each of 200 queued runs exactly once', async () => {
    database = await openTestDatabase('postgres');
    const agent = await seedAgent(database.db, { maxConcurrentRuns: 1000 });
    const ids = await seedRuns(database.db, agent, 200);
    const instances = await Promise.all(
      ['a', 'b'].map(() => openDatabase({ dialect: 'postgres', url: database.location })),
    );
    try {
      const claimedBy = await Promise.all(
        instances.map(async (instance, index) => {
          const mine: string[] = [];
          for (;;) {
            const batch = await claimRuns(instance.db, 'postgres', {
              owner: `inst_${index}`,
              leaseMs: 10_000,
              slots: 7,
            });
            if (batch.length === 0) return mine;
            mine.push(...batch.map((run) => run.id));
          }
        }),
      );
      const all = claimedBy.flat();
      expect(all.sort()).toEqual([...ids].sort());
      expect(new Set(all).size).toBe(200);
      expect(claimedBy.every((mine) => mine.length > 0)).toBe(true);
    } finally {
      for (const instance of instances) await instance.close();
    }
  });
});
