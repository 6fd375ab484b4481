import { listRunEvents } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventBus } from '../events/event-bus.ts';
import { createInProcessEventBus } from '../events/in-process-event-bus.ts';
import { type FixtureRun, insertAgentSessionRun } from '../events/run-fixtures.ts';
import { EventWriter } from './event-writer.ts';

describe.each(testDialects)('the event writer on %s', (dialect) => {
  let database: TestDatabase;
  let bus: EventBus;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
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
    // The call order is recorded when called; the read that follows finishes when it does.
    const hear = (seq: number) => async () => {
      const entry = { seq, stored: [] as number[] };
      heard.push(entry);
      const rows = await listRunEvents(database.db, run.runId, { after: 0, limit: 100 });
      entry.stored = rows.map((row) => row.seq);
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

  it("writes the next batch while the last one's notice is still being sent, and closes once both are sent", async () => {
    const run = await insertAgentSessionRun(database.db, 'org_writer');
    // A bus whose notices take as long as the test says (a NOTIFY round trip to a busy
    // Postgres): delivered here at once, as the real ones are, their sending held back.
    const sends: Array<() => void> = [];
    const slowBus: EventBus = {
      ...bus,
      publish(notice) {
        void bus.publish(notice);
        return new Promise<void>((sent) => sends.push(sent));
      },
    };
    const writer = new EventWriter({ db: database.db, bus: slowBus, runId: run.runId });
    const told: number[] = [];
    writer.push(event(run, 1), () => told.push(1));
    await vi.waitFor(() => expect(sends).toHaveLength(1));
    writer.push(event(run, 2), () => told.push(2));
    // The second batch is stored and announced here without waiting for the first's notice.
    await vi.waitFor(() => expect(sends).toHaveLength(2));
    expect((await listRunEvents(database.db, run.runId)).map((row) => row.seq)).toEqual([1, 2]);
    let closed = false;
    const closing = writer.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect({ closed, told }).toEqual({ closed: false, told: [] });
    for (const sent of sends) sent();
    await closing;
    expect(told).toEqual([1, 2]);
  });

  it("writes many runs' events together, and a run whose rows are refused fails alone", async () => {
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => insertAgentSessionRun(database.db, 'org_writer')),
    );
    const first = new EventWriter({ db: database.db, bus, runId: runs[0]!.runId });
    first.push(event(runs[0]!, 1));
    await first.close();
    const notices: Array<{ runId: string; seqs: number[] }> = [];
    const stops = runs.map((run) =>
      bus.subscribe(run.runId, (notice) =>
        notices.push({ runId: run.runId, seqs: (notice.events ?? []).map((row) => row.seq) }),
      ),
    );
    // In one turn, as runs streaming at once push: the first run repeats a stored seq.
    const writers = runs.map((run) => new EventWriter({ db: database.db, bus, runId: run.runId }));
    const told: string[] = [];
    for (const [index, writer] of writers.entries()) {
      for (let seq = 1; seq <= 3; seq++) {
        writer.push(event(runs[index]!, seq), () => told.push(`${index}:${seq}`));
      }
    }
    const outcomes = await Promise.allSettled(writers.map((writer) => writer.close()));
    for (const stop of stops) stop();
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    for (const [index, run] of runs.entries()) {
      const stored = (await listRunEvents(database.db, run.runId)).map((row) => row.seq);
      expect(stored).toEqual(index === 0 ? [1] : [1, 2, 3]);
    }
    expect(told).toEqual([
      '1:1',
      '1:2',
      '1:3',
      '2:1',
      '2:2',
      '2:3',
      '3:1',
      '3:2',
      '3:3',
      '4:1',
      '4:2',
      '4:3',
    ]);
    // One notice per run that was written, with its rows in order; none for the refused run.
    expect(notices.filter((notice) => notice.runId === runs[0]!.runId && notice.seqs.length > 0)).toEqual([]);
    for (const run of runs.slice(1)) {
      expect(notices.filter((notice) => notice.runId === run.runId).flatMap((notice) => notice.seqs)).toEqual(
        [1, 2, 3],
      );
    }
  });
});
