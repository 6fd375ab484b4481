import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Database, openDatabase } from '@lifeosai/db';
import { installErrorHandling } from '@lifeosai/http-kit';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventBus } from '../events/event-bus.ts';
import { createInProcessEventBus } from '../events/in-process-event-bus.ts';
import { createPostgresEventBus } from '../events/postgres-event-bus.ts';
import {
  type FixtureRun,
  insertAgent,
  insertAgentSessionRun,
  insertRun,
  insertSession,
  writeRunEvents,
} from '../events/run-fixtures.ts';
import { createIdentityVerifier, type Identity, type IdentityVerifier } from '../http/identity.ts';
import { createTestTokenIssuer, type TestTokenIssuer } from '../http/test-identity.ts';
import { readToEnd, type SseEvent, sseEvents, sseItems, take } from './sse-test-client.ts';
import { registerStreamRoutes, type StreamRouteDeps } from './stream.ts';

const userA: Identity = { userId: 'usr_a', orgId: 'org_a', role: 'owner' };
const userB: Identity = { userId: 'usr_b', orgId: 'org_b', role: 'owner' };
const quietLog = { warn: () => {}, error: () => {} };

interface StreamServer {
  app: FastifyInstance;
  /** Base URL of `/api/agent`. */
  url: string;
  /** Bus subscriptions (runs' notices, feeds' run activity) the routes hold right now. */
  activeSubscriptions(): number;
}

/**
 * The Agent API's HTTP shell with only the stream routes: the same error handling and
 * identity hook as app.ts, real identity tokens, a real database and bus, loopback only.
 */
async function startStreamServer(
  deps: StreamRouteDeps & { verifyIdentity: IdentityVerifier },
): Promise<StreamServer> {
  let active = 0;
  const bus: EventBus = {
    publish: (notice) => deps.bus.publish(notice),
    subscribe(runId, listener) {
      active++;
      const unsubscribe = deps.bus.subscribe(runId, listener);
      let done = false;
      return () => {
        if (!done) active--;
        done = true;
        unsubscribe();
      };
    },
    sendCommand: (command) => deps.bus.sendCommand(command),
    onCommand: (listener) => deps.bus.onCommand(listener),
    signal: (signal) => deps.bus.signal(signal),
    onSignal: (listener) => deps.bus.onSignal(listener),
    onRunActivity(listener) {
      active++;
      const stop = deps.bus.onRunActivity(listener);
      let done = false;
      return () => {
        if (!done) active--;
        done = true;
        stop();
      };
    },
    close: () => deps.bus.close(),
  };
  const app = Fastify();
  installErrorHandling(app);
  app.decorateRequest('identity', undefined as unknown as Identity);
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.identity = await deps.verifyIdentity(request.headers.authorization);
      });
      registerStreamRoutes(api, { ...deps, bus });
    },
    { prefix: '/api/agent' },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/api/agent`, activeSubscriptions: () => active };
}

/** A feed's events as run id → seqs in arrival order, checking each id against its event. */
function seqsByRun(events: SseEvent[]): Record<string, number[]> {
  const byRun: Record<string, number[]> = {};
  for (const event of events) {
    const [runId, seq] = event.id.split(':');
    expect(JSON.parse(event.data)).toMatchObject({ runId, seq: Number(seq), type: event.event });
    byRun[runId!] = [...(byRun[runId!] ?? []), Number(seq)];
  }
  return byRun;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const seqsOf = (events: SseEvent[]) => events.map((event) => Number(event.id));

/** Deterministic randomness, so a failing seed can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDialects)('event streams on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let bus: EventBus;
  let issuer: TestTokenIssuer;
  let verifyIdentity: IdentityVerifier;
  let server: StreamServer;
  const openBus = () =>
    dialect === 'postgres'
      ? createPostgresEventBus({ url: database.location, log: quietLog })
      : createInProcessEventBus({ log: quietLog });

  const get = async (
    path: string,
    options: { as?: Identity | null; lastEventId?: string; signal?: AbortSignal; base?: string } = {},
  ) => {
    const identity = options.as === undefined ? userA : options.as;
    const headers: Record<string, string> = {};
    if (identity) headers.authorization = await issuer.authorization(identity);
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    return fetch(`${options.base ?? server.url}${path}`, { headers, signal: options.signal });
  };
  const streamOf = async (path: string, options: Parameters<typeof get>[1] = {}) => {
    const response = await get(path, options);
    expect(response.status).toBe(200);
    return sseEvents(response.body!);
  };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    db = database.db;
    bus = await openBus();
    issuer = await createTestTokenIssuer();
    verifyIdentity = createIdentityVerifier({ jwks: issuer.jwks });
    server = await startStreamServer({ db, bus, verifyIdentity });
  });
  afterAll(async () => {
    await server?.app.close();
    await bus?.close();
    await database?.cleanup();
  });

  describe('GET /runs/:id/stream', () => {
    it('replays stored events, follows live ones in order, and closes after the result', async () => {
      const run = await insertAgentSessionRun(db, userA.orgId);
      await writeRunEvents(db, bus, run, 1, 5);

      const response = await get(`/runs/${run.runId}/stream`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      const events = sseEvents(response.body!);
      const replayed = await take(events, 5);

      await writeRunEvents(db, bus, run, 6, 3);
      await writeRunEvents(db, bus, run, 9, 2, { terminal: true });
      const live = await readToEnd(events);

      expect(seqsOf([...replayed, ...live])).toEqual(range(1, 10));
      expect(live.map((event) => event.event)).toEqual([
        'assistant',
        'assistant',
        'assistant',
        'assistant',
        'result',
      ]);
      const stored = await db
        .selectFrom('runEvents')
        .select('data')
        .where('runId', '=', run.runId)
        .orderBy('seq')
        .execute();
      expect([...replayed, ...live].map((event) => JSON.parse(event.data))).toEqual(
        stored.map((row) => row.data),
      );
      expect(JSON.parse(live[0]!.data)).toMatchObject({ seq: 6, runId: run.runId, type: 'assistant' });
    });

    it('resumes after Last-Event-ID or ?after=, the header winning', async () => {
      const run = await insertAgentSessionRun(db, userA.orgId);
      await writeRunEvents(db, bus, run, 1, 11, { terminal: true });

      expect(
        seqsOf(await readToEnd(await streamOf(`/runs/${run.runId}/stream`, { lastEventId: '4' }))),
      ).toEqual(range(5, 11));
      expect(seqsOf(await readToEnd(await streamOf(`/runs/${run.runId}/stream?after=8`)))).toEqual(
        range(9, 11),
      );
      expect(
        seqsOf(await readToEnd(await streamOf(`/runs/${run.runId}/stream?after=8`, { lastEventId: '2' }))),
      ).toEqual(range(3, 11));
    });

    it('replays a finished run and closes; a client that has its result gets an empty stream', async () => {
      const run = await insertAgentSessionRun(db, userA.orgId);
      await writeRunEvents(db, bus, run, 1, 700, { terminal: true });
      await db.updateTable('runs').set({ status: 'succeeded' }).where('id', '=', run.runId).execute();

      expect(seqsOf(await readToEnd(await streamOf(`/runs/${run.runId}/stream`)))).toEqual(range(1, 700));
      expect(await readToEnd(await streamOf(`/runs/${run.runId}/stream`, { lastEventId: '700' }))).toEqual(
        [],
      );
    });

    it('answers 401 without a token, 404 for unknown and foreign runs, 400 for a bad resume point', async () => {
      const run = await insertAgentSessionRun(db, userA.orgId);
      const expectError = async (response: Response, status: number, code: string) => {
        expect(response.status).toBe(status);
        expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
      };
      await expectError(await get(`/runs/${run.runId}/stream`, { as: null }), 401, 'UNAUTHENTICATED');
      await expectError(await get(`/runs/${run.runId}/stream`, { as: userB }), 404, 'NOT_FOUND');
      await expectError(await get('/runs/run_nope/stream'), 404, 'NOT_FOUND');
      await expectError(
        await get(`/runs/${run.runId}/stream`, { lastEventId: 'abc' }),
        400,
        'INVALID_REQUEST',
      );
      await expectError(await get(`/runs/${run.runId}/stream?after=-1`), 400, 'INVALID_REQUEST');
      await expectError(await get(`/runs/${run.runId}/stream?after=`), 400, 'INVALID_REQUEST');
    });

    it('sends keep-alive comments on an idle stream, and app.close() ends open streams', async () => {
      const quick = await startStreamServer({ db, bus, verifyIdentity, sseKeepAliveMs: 30 });
      try {
        const run = await insertAgentSessionRun(db, userA.orgId);
        const response = await get(`/runs/${run.runId}/stream`, { base: quick.url });
        const items = sseItems(response.body!);
        expect((await items.next()).value).toEqual({ comment: 'keep-alive' });
        expect((await items.next()).value).toEqual({ comment: 'keep-alive' });

        await quick.app.close();
        for await (const _ of items) {
          // Drain what is left; the loop ends because the server ended the stream.
        }
        await vi.waitFor(() => expect(quick.activeSubscriptions()).toBe(0));
      } finally {
        await quick.app.close();
      }
    });

    it('does not let a client that stopped reading hold up app.close()', async () => {
      const closing = await startStreamServer({ db, bus, verifyIdentity });
      try {
        const run = await insertAgentSessionRun(db, userA.orgId);
        for (let seq = 1; seq <= 3000; seq += 100) {
          await writeRunEvents(db, bus, run, seq, 100, { paddingBytes: 5000 });
        }
        const response = await get(`/runs/${run.runId}/stream`, { base: closing.url });
        expect(response.status).toBe(200);
        await sleep(200);
        // Hangs (until the test times out) if a stalled stream can hold the server open.
        await closing.app.close();
        await vi.waitFor(() => expect(closing.activeSubscriptions()).toBe(0));
        // Ended or cut, depending on how far the server had got: never more than was stored.
        const received = await readToEnd(sseEvents(response.body!)).catch(() => undefined);
        if (received) expect(seqsOf(received)).toEqual(range(1, received.length));
      } finally {
        await closing.app.close();
      }
    });

    it('delivers every event exactly once, in order, across 200 random disconnects during a 3000-event run', async () => {
      const seed = Date.now() % 1_000_000;
      const clientRandom = seededRandom(seed);
      const writerRandom = seededRandom(seed + 1);
      const run = await insertAgentSessionRun(db, userA.orgId);
      const total = 3000;
      const cyclesWanted = 200;
      let cycles = 0;
      let cyclesWhileWriting = 0;
      let writing = true;

      const writer = (async () => {
        let seq = 0;
        while (seq < total) {
          const count = Math.min(total - seq, 1 + Math.floor(writerRandom() * 20));
          seq = await writeRunEvents(db, bus, run, seq + 1, count);
          // Spread the run over the client's cycles, so the disconnects happen mid-run.
          while (cycles < (seq / total) * cyclesWanted - 2) await sleep(1);
          await sleep(Math.floor(writerRandom() * 3));
        }
        await writeRunEvents(db, bus, run, total + 1, 1, { terminal: true });
        writing = false;
      })();

      const received: number[] = [];
      let lastId = 0;
      const readFrom = async (signal?: AbortSignal, stopAfter = Number.POSITIVE_INFINITY) => {
        const response = await get(`/runs/${run.runId}/stream`, { lastEventId: String(lastId), signal });
        let count = 0;
        for await (const event of sseEvents(response.body!)) {
          received.push(Number(event.id));
          lastId = Number(event.id);
          if (++count >= stopAfter) return;
        }
      };
      for (; cycles < cyclesWanted; cycles++) {
        if (writing) cyclesWhileWriting++;
        const disconnect = new AbortController();
        // Anywhere: before the response, mid-replay, while waiting for live events…
        const timer = setTimeout(() => disconnect.abort(), clientRandom() * 15);
        try {
          await readFrom(disconnect.signal, 1 + Math.floor(clientRandom() * 40));
        } catch (error) {
          if (!disconnect.signal.aborted) throw error;
        } finally {
          clearTimeout(timer);
          disconnect.abort();
        }
      }
      await writer;
      await readFrom();

      expect(received, `seed ${seed}`).toEqual(range(1, total + 1));
      expect(cyclesWhileWriting, `seed ${seed}`).toBeGreaterThanOrEqual(cyclesWanted / 2);
      await vi.waitFor(() => expect(server.activeSubscriptions()).toBe(0));
    });

    it('does not slow the run writer when a client stops reading; that client still gets everything', async () => {
      const owner = await insertAgentSessionRun(db, userA.orgId);
      const events = 4000;
      const writeAll = async (run: FixtureRun) => {
        const started = performance.now();
        for (let seq = 1; seq <= events; seq += 50) {
          await writeRunEvents(db, bus, run, seq, 50, { paddingBytes: 5000, terminal: seq + 50 > events });
        }
        return performance.now() - started;
      };
      const baselineMs = await writeAll(await insertRun(db, owner));

      const run = await insertRun(db, owner);
      const response = await get(`/runs/${run.runId}/stream`);
      expect(response.status).toBe(200);
      // ~20 MB to a client that reads nothing: far more than the socket buffers hold.
      const stalledMs = await writeAll(run);

      expect(stalledMs).toBeLessThan(baselineMs * 3 + 1000);
      const all = await readToEnd(sseEvents(response.body!));
      expect(seqsOf(all)).toEqual(range(1, events));
    });
  });

  describe('GET /sessions/:id/stream and /agents/:id/stream', () => {
    it('follows the session from now on: active runs from their latest event, later runs from their first', async () => {
      const agent = await insertAgent(db, userA.orgId);
      const sessionId = await insertSession(db, agent);
      const owner = { ...agent, sessionId };
      const old = await insertRun(db, owner, 'succeeded');
      await writeRunEvents(db, bus, old, 1, 3, { terminal: true });
      const active = await insertRun(db, owner);
      await writeRunEvents(db, bus, active, 1, 3);
      const otherSession = await insertRun(db, { ...agent, sessionId: await insertSession(db, agent) });

      const events = await streamOf(`/sessions/${sessionId}/stream`);
      await writeRunEvents(db, bus, active, 4, 2);
      // Starts and ends between two polls of the runs table.
      const quick = await insertRun(db, owner);
      await writeRunEvents(db, bus, quick, 1, 3, { terminal: true });
      await writeRunEvents(db, bus, otherSession, 1, 2);
      await writeRunEvents(db, bus, active, 6, 1, { terminal: true });

      expect(seqsByRun(await take(events, 6))).toEqual({
        [active.runId]: range(4, 6),
        [quick.runId]: range(1, 3),
      });

      // Both runs ended; the feed stays open for the next one.
      const next = await insertRun(db, owner);
      await writeRunEvents(db, bus, next, 1, 2);
      expect((await take(events, 2)).map((event) => event.id)).toEqual([
        `${next.runId}:1`,
        `${next.runId}:2`,
      ]);
      await events.return(undefined);
    });

    it('resumes the run named by Last-Event-ID, then continues live', async () => {
      const agent = await insertAgent(db, userA.orgId);
      const sessionId = await insertSession(db, agent);
      const run = await insertRun(db, { ...agent, sessionId });

      const disconnect = new AbortController();
      const first = await streamOf(`/sessions/${sessionId}/stream`, { signal: disconnect.signal });
      await writeRunEvents(db, bus, run, 1, 2);
      const seen = await take(first, 2);
      disconnect.abort();
      await writeRunEvents(db, bus, run, 3, 3, { terminal: true });

      const resumed = await streamOf(`/sessions/${sessionId}/stream`, { lastEventId: seen.at(-1)!.id });
      expect((await take(resumed, 3)).map((event) => event.id)).toEqual(
        range(3, 5).map((seq) => `${run.runId}:${seq}`),
      );
      const later = await insertRun(db, { ...agent, sessionId });
      await writeRunEvents(db, bus, later, 1, 1);
      expect((await take(resumed, 1))[0]!.id).toBe(`${later.runId}:1`);
      await resumed.return(undefined);
      await vi.waitFor(() => expect(server.activeSubscriptions()).toBe(0));
    });

    it('follows every session of an agent, and no other agent', async () => {
      const agent = await insertAgent(db, userA.orgId);
      const other = await insertAgent(db, userA.orgId);
      const events = await streamOf(`/agents/${agent.agentId}/stream`);
      const inFirst = await insertRun(db, { ...agent, sessionId: await insertSession(db, agent) });
      const inSecond = await insertRun(db, { ...agent, sessionId: await insertSession(db, agent) });
      const elsewhere = await insertRun(db, { ...other, sessionId: await insertSession(db, other) });
      await writeRunEvents(db, bus, elsewhere, 1, 2);
      await writeRunEvents(db, bus, inFirst, 1, 1, { terminal: true });
      await writeRunEvents(db, bus, inSecond, 1, 1, { terminal: true });

      expect(seqsByRun(await take(events, 2))).toEqual({ [inFirst.runId]: [1], [inSecond.runId]: [1] });
      await events.return(undefined);
    });

    it('lets go of a client that left before its stream opened', async () => {
      const slow = await startStreamServer({
        db,
        bus,
        verifyIdentity: async (authorization) => {
          await sleep(150);
          return verifyIdentity(authorization);
        },
      });
      try {
        const run = await insertAgentSessionRun(db, userA.orgId);
        await expect(
          get(`/sessions/${run.sessionId}/stream`, { base: slow.url, signal: AbortSignal.timeout(30) }),
        ).rejects.toThrow();
        await sleep(300);
        await vi.waitFor(() => expect(slow.activeSubscriptions()).toBe(0));
      } finally {
        await slow.app.close();
      }
    });

    it('answers 404 for unknown and foreign sessions and agents, 400 for a bad resume point', async () => {
      const run = await insertAgentSessionRun(db, userA.orgId);
      const elsewhere = await insertAgentSessionRun(db, userA.orgId);
      const expectError = async (response: Response, status: number, code: string) => {
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ error: { code } });
      };
      await expectError(await get(`/sessions/${run.sessionId}/stream`, { as: userB }), 404, 'NOT_FOUND');
      await expectError(await get(`/agents/${run.agentId}/stream`, { as: userB }), 404, 'NOT_FOUND');
      await expectError(await get('/sessions/ses_nope/stream'), 404, 'NOT_FOUND');
      await expectError(await get('/agents/agt_nope/stream'), 404, 'NOT_FOUND');
      await expectError(await get(`/agents/${run.agentId}/stream`, { as: null }), 401, 'UNAUTHENTICATED');
      await expectError(
        await get(`/sessions/${run.sessionId}/stream`, { lastEventId: '5' }),
        400,
        'INVALID_REQUEST',
      );
      await expectError(
        await get(`/sessions/${run.sessionId}/stream`, { lastEventId: `${elsewhere.runId}:1` }),
        400,
        'INVALID_REQUEST',
      );
    });
  });

  it.runIf(dialect === 'postgres')(
    'streams to a client on one instance the events another instance writes and announces',
    async () => {
      const otherDatabase = await openDatabase(
        { dialect: 'postgres', url: database.location },
        { migrate: false },
      );
      const otherBus = await openBus();
      const other = await startStreamServer({ db: otherDatabase.db, bus: otherBus, verifyIdentity });
      try {
        const run = await insertAgentSessionRun(otherDatabase.db, userA.orgId);
        const heardHere: number[] = [];
        bus.subscribe(run.runId, (notice) => heardHere.push(notice.seq));
        const events = await streamOf(`/runs/${run.runId}/stream`);
        await sleep(100);
        const announced = performance.now();
        await writeRunEvents(otherDatabase.db, otherBus, run, 1, 5);
        expect(seqsOf(await take(events, 5))).toEqual(range(1, 5));
        // Through the other instance's NOTIFY, not this one's 3 s safety re-read.
        expect(heardHere).toEqual([5]);
        expect(performance.now() - announced).toBeLessThan(2500);
        await writeRunEvents(otherDatabase.db, otherBus, run, 6, 1, { terminal: true });
        expect(seqsOf(await readToEnd(events))).toEqual([6]);
      } finally {
        await other.app.close();
        await otherBus.close();
        await otherDatabase.close();
      }
    },
  );
});
