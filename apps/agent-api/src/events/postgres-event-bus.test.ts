import { type AddressInfo, connect, createServer } from 'node:net';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventBus, RunEventNotice } from './event-bus.ts';
import { createPostgresEventBus } from './postgres-event-bus.ts';
import type { RunCommand } from './run-command.ts';
import { insertAgentSessionRun, writeRunEvents } from './run-fixtures.ts';

describe('Postgres event bus', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  const buses: EventBus[] = [];
  const quiet = () => ({ warn: vi.fn(), error: vi.fn() });
  const openBus = async (options: Partial<Parameters<typeof createPostgresEventBus>[0]> = {}) => {
    const bus = await createPostgresEventBus({ url: database.location, log: quiet(), ...options });
    buses.push(bus);
    return bus;
  };
  /** Pids of the bus connections on this test's database. */
  const busConnections = async (kind: 'listen' | 'notify') => {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and application_name = $1 order by backend_start`,
      [`lifeosai-event-bus-${kind}`],
    );
    return rows.map((row) => row.pid);
  };

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    admin = new pg.Client({ connectionString: database.location });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await admin.end();
    await database.cleanup();
  });

  it('carries a notice published on one bus to a subscriber on another, and to its own once', async () => {
    const [busA, busB] = [await openBus(), await openBus()];
    const onA: RunEventNotice[] = [];
    const onB: RunEventNotice[] = [];
    busA.subscribe('run_x', (notice) => onA.push(notice));
    busB.subscribe('run_x', (notice) => onB.push(notice));
    busB.subscribe('run_other', () => onB.push({ runId: 'wrong', seq: 0, terminal: false }));

    await busA.publish({ runId: 'run_x', seq: 1, terminal: false });
    await vi.waitFor(() => expect(onB).toHaveLength(1));
    await busA.publish({ runId: 'run_x', seq: 2, terminal: true });
    await vi.waitFor(() => expect(onA).toHaveLength(2));
    await vi.waitFor(() => expect(onB).toHaveLength(2));

    const expected = [
      { runId: 'run_x', seq: 1, terminal: false },
      { runId: 'run_x', seq: 2, terminal: true },
    ];
    expect(onA).toEqual(expected);
    expect(onB).toEqual(expected);
  });

  it("hears its own notices at publish, rows included past NOTIFY's limit, and not again from Postgres", async () => {
    const [busA, busB] = [await openBus(), await openBus()];
    const onA: RunEventNotice[] = [];
    const onB: RunEventNotice[] = [];
    const activityOnA: string[] = [];
    busA.subscribe('run_own', (notice) => onA.push(notice));
    busA.onRunActivity((runId) => activityOnA.push(runId));
    busB.subscribe('run_own', (notice) => onB.push(notice));
    const events = [1, 2].map((seq) => ({
      runId: 'run_own',
      seq,
      type: 'stream_event',
      ts: new Date().toISOString(),
      data: { text: 'x'.repeat(6_000) },
    }));

    const publishing = busA.publish({ runId: 'run_own', seq: 2, terminal: false, events });
    // Before any round trip: the executing instance's followers wait for no NOTIFY.
    expect(onA).toEqual([{ runId: 'run_own', seq: 2, terminal: false, events }]);
    expect(activityOnA).toEqual(['run_own']);
    await publishing;
    // Another instance gets it through Postgres, ids only (the rows are past 8000 bytes).
    await vi.waitFor(() => expect(onB).toEqual([{ runId: 'run_own', seq: 2, terminal: false }]));
    // A's own NOTIFY came back on its LISTEN connection too, before this command it sent
    // after it (one session's notifications arrive in order): dropped, not heard twice.
    const heard: RunCommand[] = [];
    busA.onCommand((command) => heard.push(command));
    await busA.sendCommand({ type: 'run.cancel', runId: 'run_own' });
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    expect(onA).toHaveLength(1);
    expect(activityOnA).toEqual(['run_own']);
  });

  it('carries rows whatever their text holds, and many notices published at once in their order', async () => {
    const [busA, busB] = [await openBus(), await openBus()];
    const onB: RunEventNotice[] = [];
    busB.subscribe('run_text', (notice) => onB.push(notice));
    // What an array literal would have to escape, and more: quotes, backslashes, braces, commas,
    // NULL spelled out, a newline, non-ASCII and an astral character.
    const awkward = 'say "hi" \\ {a,b} NULL, \n\t ünïcödé 🦜 \\"';
    const published = Array.from({ length: 120 }, (_, index) => ({
      runId: 'run_text',
      seq: index + 1,
      terminal: false,
      events: [
        {
          runId: 'run_text',
          seq: index + 1,
          type: 'stream_event',
          ts: new Date(0).toISOString(),
          data: { text: `${awkward} ${index}` },
        },
      ],
    }));
    // Published together: they queue while the first statement is in flight and go as batches.
    await Promise.all(published.map((notice) => busA.publish(notice)));
    await vi.waitFor(() => expect(onB).toHaveLength(published.length));
    expect(onB).toEqual(published);
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    const [busA, busB] = [await openBus(), await openBus()];
    const gone: number[] = [];
    const kept: number[] = [];
    const unsubscribe = busB.subscribe('run_y', (notice) => gone.push(notice.seq));
    busB.subscribe('run_y', (notice) => kept.push(notice.seq));
    unsubscribe();

    await busA.publish({ runId: 'run_y', seq: 1, terminal: false });
    await vi.waitFor(() => expect(kept).toEqual([1]));
    expect(gone).toEqual([]);
  });

  it('drops malformed notices from other writers on the channel', async () => {
    const log = quiet();
    const bus = await openBus({ log });
    const heard: RunEventNotice[] = [];
    bus.subscribe('run_z', (notice) => heard.push(notice));
    await admin.query(`select pg_notify('lifeosai_run_events', 'not json')`);
    await admin.query(`select pg_notify('lifeosai_run_events', '{"runId":"run_z","seq":"1"}')`);
    await bus.publish({ runId: 'run_z', seq: 2, terminal: false });
    await vi.waitFor(() => expect(heard).toEqual([{ runId: 'run_z', seq: 2, terminal: false }]));
    expect(log.warn).toHaveBeenCalledTimes(2);
  });

  it('carries a run command to every instance, the sender included, and drops malformed or oversized ones', async () => {
    const log = quiet();
    const [busA, busB] = [await openBus({ log }), await openBus()];
    const onA: RunCommand[] = [];
    const onB: RunCommand[] = [];
    busA.onCommand((command) => onA.push(command));
    const stopB = busB.onCommand((command) => onB.push(command));
    const answer: RunCommand = {
      type: 'permission.answer',
      runId: 'run_cmd',
      requestId: 'perm_1',
      decision: 'deny',
      message: 'not on production',
    };

    await admin.query(`select pg_notify('lifeosai_run_commands', '{"type":"permission.answer"}')`);
    await busA.sendCommand({ ...answer, message: 'x'.repeat(8000) });
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ runId: 'run_cmd' }),
      expect.stringMatching(/too large/),
    );
    await busB.sendCommand(answer);
    await vi.waitFor(() => expect(onA).toEqual([answer]));
    await vi.waitFor(() => expect(onB).toEqual([answer]));
    await vi.waitFor(() =>
      expect(log.warn).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/malformed command/)),
    );

    stopB();
    await busA.sendCommand({ ...answer, requestId: 'perm_2' });
    await vi.waitFor(() => expect(onA).toHaveLength(2));
    expect(onB).toHaveLength(1);
  });

  it('reconnects after its LISTEN connection is killed and re-announces what was stored meanwhile', async () => {
    // The bus connects as a role of its own, so the database can refuse it until the events are
    // stored: "meanwhile" is then certain, not a race between the write and the reconnect.
    const role = `bus_outage_${process.pid}`;
    await admin.query(`create role ${role} login password 'outage'`);
    await admin.query(`grant select on run_events to ${role}`);
    try {
      const url = new URL(database.location);
      url.username = role;
      url.password = 'outage';
      const before = await busConnections('listen');
      const log = quiet();
      const bus = await openBus({ url: url.toString(), log, reconnectDelayMs: { first: 300, max: 300 } });
      const [listener] = (await busConnections('listen')).filter((pid) => !before.includes(pid));
      const publisher = await openBus();
      const run = await insertAgentSessionRun(database.db, 'org_bus');
      const heard: RunEventNotice[] = [];
      bus.subscribe(run.runId, (notice) => heard.push(notice));

      await admin.query(`alter role ${role} nologin`);
      await admin.query('select pg_terminate_backend($1)', [listener]);
      await vi.waitFor(() =>
        expect(log.warn).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/lost the LISTEN/)),
      );
      // Stored while nobody listens; this bus's notice is lost with the connection.
      await writeRunEvents(database.db, publisher, run, 1, 3);
      // It keeps trying while the database refuses it.
      await vi.waitFor(() =>
        expect(log.warn).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/reconnect failed/)),
      );
      expect(heard).toEqual([]);
      await admin.query(`alter role ${role} login`);

      await vi.waitFor(() => expect(heard).toEqual([{ runId: run.runId, seq: 3, terminal: false }]), {
        timeout: 5000,
      });
      const after = await busConnections('listen');
      expect(after).not.toContain(listener);
      expect(after).toHaveLength(before.length + 2);

      await writeRunEvents(database.db, publisher, run, 4, 1, { terminal: true });
      await vi.waitFor(() => expect(heard.at(-1)).toEqual({ runId: run.runId, seq: 4, terminal: true }));
      expect(heard).toHaveLength(2);
    } finally {
      // Also when an assertion fails: the role would otherwise outlive the test (its bus is closed first).
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await admin.query(`drop owned by ${role}`);
      await admin.query(`drop role ${role}`);
    }
  });

  it('sends its usual NOTIFY statements by name: Postgres parses each once per connection', async () => {
    // A relay between the bus and Postgres that counts the Parse messages each connection sends
    // (after the startup packet, a frontend message is a type byte and a 4-byte length).
    const target = new URL(database.location);
    const parses: number[] = [];
    const relay = createServer((client) => {
      const index = parses.push(0) - 1;
      const server = connect(Number(target.port), target.hostname);
      let pending = Buffer.alloc(0);
      let started = false;
      client.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const header = started ? 5 : 4;
          if (pending.length < header) break;
          const length = pending.readInt32BE(started ? 1 : 0) + (started ? 1 : 0);
          if (pending.length < length) break;
          if (started && pending[0] === 0x50) parses[index]! += 1;
          started = true;
          pending = pending.subarray(length);
        }
      });
      client.pipe(server).pipe(client);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(database.location);
      url.host = `127.0.0.1:${(relay.address() as AddressInfo).port}`;
      const bus = await openBus({ url: url.toString() });
      // One at a time: each is a batch of one notice, the same statement every time.
      for (let seq = 1; seq <= 5; seq++) await bus.publish({ runId: 'run_named', seq, terminal: false });
      // Two connections went through the relay (LISTEN, NOTIFY); only the NOTIFY one parses.
      expect(parses.toSorted()).toEqual([0, 1]);
    } finally {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('closes cleanly: its connections are gone, later calls do nothing, closing twice is fine', async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    const bus = await createPostgresEventBus({ url: database.location, log: quiet() });
    const heard: number[] = [];
    bus.subscribe('run_c', (notice) => heard.push(notice.seq));
    await bus.publish({ runId: 'run_c', seq: 1, terminal: false });
    await vi.waitFor(async () => {
      expect(heard).toEqual([1]);
      expect(await busConnections('listen')).toHaveLength(1);
      expect(await busConnections('notify')).toHaveLength(1);
    });

    await bus.close();
    await bus.close();
    await vi.waitFor(async () => {
      expect(await busConnections('listen')).toEqual([]);
      expect(await busConnections('notify')).toEqual([]);
    });
    await expect(bus.publish({ runId: 'run_c', seq: 2, terminal: false })).resolves.toBeUndefined();
    bus.subscribe('run_c', (notice) => heard.push(notice.seq))();
    expect(heard).toEqual([1]);
  });

  it('fails to start on a database it cannot reach', async () => {
    const unreachable = new URL(database.location);
    unreachable.pathname = '/no_such_database';
    await expect(createPostgresEventBus({ url: unreachable.toString(), log: quiet() })).rejects.toThrow(
      /no_such_database/,
    );
  });
});
