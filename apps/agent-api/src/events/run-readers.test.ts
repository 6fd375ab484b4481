import type { RunEvent } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from './event-bus.ts';
import { followRun } from './follow-run.ts';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { createPostgresEventBus } from './postgres-event-bus.ts';
import { openRunFeed } from './run-feed.ts';
import { insertAgentSessionRun, insertRun, writeRunEvents } from './run-fixtures.ts';
import { createRunReaders, type RunReaders } from './run-readers.ts';

const quietLog = { warn: () => {}, error: () => {} };
const followers = 300;
const batches = 20;
const perBatch = 5;

describe.each(testDialects)('shared run readers on %s', (dialect) => {
  let database: TestDatabase;
  let bus: EventBus;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    bus =
      dialect === 'postgres'
        ? await createPostgresEventBus({ url: database.location, log: quietLog })
        : createInProcessEventBus({ log: quietLog });
  });
  afterAll(async () => {
    await bus.close();
    await database.cleanup();
  });

  /** `count` followers of one run through `readers`, each recording the seqs it was sent. */
  const startFollowers = (readers: RunReaders, runId: string, count: number, after = 0) =>
    Array.from({ length: count }, () => {
      const seqs: number[] = [];
      const outcome = followRun({
        db: database.db,
        bus,
        runId,
        after,
        readers,
        signal: new AbortController().signal,
        send: async (event: RunEvent) => {
          seqs.push(event.seq);
        },
      });
      return { seqs, outcome };
    });

  const writeBatches = async (run: Awaited<ReturnType<typeof insertAgentSessionRun>>, withRows: boolean) => {
    for (let batch = 0; batch < batches; batch++) {
      const last = batch === batches - 1;
      await writeRunEvents(database.db, bus, run, batch * perBatch + 1, perBatch, {
        terminal: last,
        withRows,
      });
    }
  };
  const all = Array.from({ length: batches * perBatch }, (_, index) => index + 1);

  it(`gives ${followers} followers of one run every event in order, reading once per batch at most (ids-only notices)`, async () => {
    const run = await insertAgentSessionRun(database.db, 'org_fanout');
    const readers = createRunReaders(database.db, bus);
    const following = startFollowers(readers, run.runId, followers);
    await writeBatches(run, false);
    expect(await Promise.all(following.map((follower) => follower.outcome))).toEqual(
      Array(followers).fill('terminal'),
    );
    for (const follower of following) expect(follower.seqs).toEqual(all);
    // One first read, then at most one per batch — not one per follower per batch.
    expect(readers.counts.reads).toBeLessThanOrEqual(batches + 1);
    expect(readers.counts.catchUpReads).toBe(0);
    expect(readers.active()).toBe(0);
  });

  it('reads nothing more when the notices carry their rows', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_fanout');
    const readers = createRunReaders(database.db, bus);
    const following = startFollowers(readers, run.runId, followers);
    // The reader's first read (before any event) is the only one it needs.
    await expect.poll(() => readers.counts.reads).toBe(1);
    await writeBatches(run, true);
    await Promise.all(following.map((follower) => follower.outcome));
    for (const follower of following) expect(follower.seqs).toEqual(all);
    expect(readers.counts.reads).toBe(1);
    expect(readers.counts.noticesApplied).toBe(batches);
  });

  it('lets a late follower catch up from the table by seq, then share the live reader', async () => {
    const run = await insertAgentSessionRun(database.db, 'org_fanout');
    const readers = createRunReaders(database.db, bus);
    // 1500 events stored before anyone follows: more than a reader's window (1000).
    for (let from = 1; from <= 1500; from += 500) await writeRunEvents(database.db, bus, run, from, 500);
    const [early] = startFollowers(readers, run.runId, 1, 1400);
    await expect.poll(() => early!.seqs.length).toBe(100);
    const [late] = startFollowers(readers, run.runId, 1);
    const [resumed] = startFollowers(readers, run.runId, 1, 700);
    await writeRunEvents(database.db, bus, run, 1501, 10, { withRows: true });
    await writeRunEvents(database.db, bus, run, 1511, 1, { terminal: true, withRows: true });
    for (const follower of [early, late, resumed]) expect(await follower!.outcome).toBe('terminal');
    const upTo = (from: number) => Array.from({ length: 1511 - from }, (_, index) => from + 1 + index);
    expect(early!.seqs).toEqual(upTo(1400));
    expect(late!.seqs).toEqual(upTo(0));
    expect(resumed!.seqs).toEqual(upTo(700));
    expect(readers.counts.catchUpReads).toBeGreaterThan(0);
  });

  it('learns of a new run in a feed from its first notice, without polling the runs table', async () => {
    const first = await insertAgentSessionRun(database.db, 'org_feed');
    // A re-check period far beyond the test: only a notice can bring the new run in time.
    const feed = await openRunFeed({
      db: database.db,
      bus,
      scope: { orgId: first.orgId, kind: 'agent', id: first.agentId },
      pollMs: 600_000,
    });
    const stop = new AbortController();
    const sent: string[] = [];
    const following = feed.follow(async (event) => {
      sent.push(`${event.runId}:${event.seq}`);
    }, stop.signal);
    const other = await insertAgentSessionRun(database.db, 'org_feed');
    const started = Date.now();
    const later = await insertRun(database.db, first, 'running');
    await writeRunEvents(database.db, bus, other, 1, 1, { withRows: true });
    await writeRunEvents(database.db, bus, later, 1, 2, { terminal: true, withRows: true });
    await expect
      .poll(() => sent, { timeout: 5_000, interval: 10 })
      .toEqual([`${later.runId}:1`, `${later.runId}:2`]);
    expect(Date.now() - started).toBeLessThan(5_000);
    stop.abort();
    await following;
  });
});
