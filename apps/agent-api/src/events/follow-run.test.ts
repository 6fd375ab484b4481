import type { RunEvent } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from './event-bus.ts';
import { followRun } from './follow-run.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { insertAgentSessionRun, writeRunEvents } from './run-fixtures.ts';

describe.each(testDialects)('following a run on %s', (dialect) => {
  let database: TestDatabase;
  let bus: EventBus;
  /** Events "announced" here reach nobody: a lost notice. */
  let lostNotices: EventBus;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    bus = createInProcessEventBus();
    lostNotices = createInProcessEventBus();
  });
  afterAll(async () => {
    await bus.close();
    await lostNotices.close();
    await database.cleanup();
  });

  const follow = (
    runId: string,
    options: { after?: number; signal?: AbortSignal; rereadMs?: number } = {},
  ) => {
    const sent: RunEvent[] = [];
    const outcome = followRun({
      db: database.db,
      bus,
      runId,
      after: options.after ?? 0,
      signal: options.signal ?? new AbortController().signal,
      rereadMs: options.rereadMs ?? 50,
      send: async (event) => {
        sent.push(event);
      },
    });
    return { sent, outcome };
  };

  it('finds events whose notice was lost on its periodic re-read', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_follow');
    const { sent, outcome } = follow(run.runId);
    await writeRunEvents(database.db, lostNotices, run, 1, 3);
    await writeRunEvents(database.db, lostNotices, run, 4, 1, { terminal: true });
    expect(await outcome).toBe('terminal');
    expect(sent.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
  });

  it('still sends the result of a run marked finished before its result was stored', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_follow');
    await writeRunEvents(database.db, bus, run, 1, 2);
    await database.db.updateTable('runs').set({ status: 'cancelled' }).where('id', '=', run.runId).execute();
    // A re-read period long enough that the result below lands before the follower's second check.
    const { sent, outcome } = follow(run.runId, { rereadMs: 1500 });
    await expect.poll(() => sent.length).toBe(2);
    await writeRunEvents(database.db, lostNotices, run, 3, 1, { terminal: true });
    expect(await outcome).toBe('terminal');
    expect(sent.map((event) => event.type)).toEqual(['assistant', 'assistant', 'result']);
  });

  it('ends a finished run that never got a result once everything stored is sent', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_follow');
    await writeRunEvents(database.db, bus, run, 1, 2);
    await database.db.updateTable('runs').set({ status: 'failed' }).where('id', '=', run.runId).execute();
    const { sent, outcome } = follow(run.runId, { after: 1 });
    expect(await outcome).toBe('ended');
    expect(sent.map((event) => event.seq)).toEqual([2]);
  });

  it('stops when its signal aborts', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_follow');
    const stop = new AbortController();
    const { sent, outcome } = follow(run.runId, { signal: stop.signal });
    await writeRunEvents(database.db, bus, run, 1, 1);
    await expect.poll(() => sent.length).toBe(1);
    stop.abort();
    expect(await outcome).toBe('stopped');
  });
});
