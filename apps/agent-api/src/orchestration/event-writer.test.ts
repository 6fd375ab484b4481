import { listRunEvents } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../events/event-bus.ts';
import { createInProcessEventBus } from '../events/in-process-event-bus.ts';
import { type FixtureRun, insertAgentSessionRun } from '../events/run-fixtures.ts';
import { EventWriter } from './event-writer.ts';

describe('the event writer tells hearers once an event is stored', () => {
  let database: TestDatabase;
  let bus: EventBus;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    bus = createInProcessEventBus();
  });
  afterAll(async () => {
    await bus.close();
    await database.cleanup();
  });

  const event = (run: FixtureRun, seq: number): UnifiedEvent =>
    ({
      seq,
      runId: run.runId,
      sessionId: run.sessionId,
      agentId: run.agentId,
      harness: 'pi',
      ts: new Date().toISOString(),
      type: 'status',
      status: 'requesting',
    }) as UnifiedEvent;

  it('calls each hearer after its event can be read, in order', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_writer');
    const writer = new EventWriter({ db: database.db, bus, runId: run.runId });
    const heard: Array<{ seq: number; stored: number[] }> = [];
    const hear = (seq: number) => async () => {
      const rows = await listRunEvents(database.db, run.runId, { after: 0, limit: 100 });
      heard.push({ seq, stored: rows.map((row) => row.seq) });
    };
    const tells: Promise<void>[] = [];
    for (const seq of [1, 2, 3]) writer.push(event(run, seq), () => tells.push(hear(seq)()));
    await writer.close();
    await Promise.all(tells);
    expect(heard.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    for (const entry of heard) expect(entry.stored).toContain(entry.seq);
  });

  it('tells no one of events that could not be stored, and a hearer that throws stops nothing', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_writer');
    const writer = new EventWriter({ db: database.db, bus, runId: run.runId });
    const told: number[] = [];
    writer.push(event(run, 1), () => {
      told.push(1);
      throw new Error('a hearer broke its contract');
    });
    writer.push(event(run, 2), () => told.push(2));
    await writer.close();
    expect(told).toEqual([1, 2]);
    // The same sequence numbers again: the unique (run, seq) refuses the batch.
    const again = new EventWriter({ db: database.db, bus, runId: run.runId });
    again.push(event(run, 2), () => told.push(22));
    await expect(again.close()).rejects.toThrow();
    expect(told).toEqual([1, 2]);
  });
});
