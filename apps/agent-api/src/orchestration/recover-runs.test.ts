import { listRunEvents } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessEventBus } from '../events/in-process-event-bus.ts';
import { seedAgent, seedRuns } from '../testing/seed.ts';
import { recoverExpiredRuns } from './recover-runs.ts';

describe.each(testDialects)('recovering runs of a dead instance on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('fails a lost run with a clear error and a result event, retries one whose policy allows, and leaves live leases alone', async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    const agent = await seedAgent(db, { maxConcurrentRuns: 5 });
    const expired = new Date(Date.now() - 1000).toISOString();
    const live = new Date(Date.now() + 60_000).toISOString();
    const [lost] = await seedRuns(db, agent, 1, {
      status: 'running',
      leaseOwner: 'dead',
      leaseExpiresAt: expired,
    });
    const [retried] = await seedRuns(db, agent, 1, {
      status: 'running',
      leaseOwner: 'dead',
      leaseExpiresAt: expired,
      maxAttempts: 2,
    });
    const [healthy] = await seedRuns(db, agent, 1, {
      status: 'running',
      leaseOwner: 'alive',
      leaseExpiresAt: live,
    });
    const bus = createInProcessEventBus();
    const notices: unknown[] = [];
    bus.subscribe(lost!, (notice) => notices.push(notice));

    expect(
      await Promise.all([recoverExpiredRuns(db, bus), recoverExpiredRuns(db, bus)]).then(([a, b]) => a + b),
    ).toBe(2);

    const rows = await db
      .selectFrom('runs')
      .selectAll()
      .where('id', 'in', [lost!, retried!, healthy!])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(lost!)).toMatchObject({
      status: 'failed',
      error: { code: 'RUN_LOST' },
      leaseOwner: null,
    });
    expect(byId.get(retried!)).toMatchObject({ status: 'queued', attempt: 2, leaseOwner: null });
    expect(byId.get(healthy!)).toMatchObject({ status: 'running', leaseOwner: 'alive' });

    const events = await listRunEvents(db, lost!);
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'error'],
      [2, 'result'],
    ]);
    expect(events[1]!.data).toMatchObject({ is_error: true, error_class: 'process_exit', runId: lost });
    expect(notices).toEqual([{ runId: lost, seq: 2, terminal: true }]);
    await bus.close();
  });
});
