import { loadPg, namingClient, preparedOnPostgres } from '@lifeosai/db';
import type { Client, Notification } from 'pg';
import { z } from 'zod';
import { type BusLog, consoleBusLog } from './bus-log.ts';
import { channelSignalSchema } from './channel-signal.ts';
import {
  createCommandListeners,
  createRunActivityListeners,
  createSignalListeners,
} from './command-listeners.ts';
import type { EventBus, RunEventNotice } from './event-bus.ts';
import { createListenerRegistry } from './listener-registry.ts';
import { runCommandSchema } from './run-command.ts';

/** The channel of event notices every instance listens on; notices carry the run id. */
export const runEventsChannel = 'lifeosai_run_events';
/** The channel of run commands every instance listens on; the executing one acts. */
export const runCommandsChannel = 'lifeosai_run_commands';
/** The channel of channel signals (issue 14) every instance listens on. */
export const channelSignalsChannel = 'lifeosai_channel_signals';
/** Postgres refuses a NOTIFY payload of 8000 bytes or more. */
const maxPayloadBytes = 7999;

export interface PostgresEventBusOptions {
  /** `postgres://…` of the database holding `run_events`. */
  url: string;
  /** Where lost connections, failed notices and throwing listeners are reported (default: the console). */
  log?: BusLog;
  /** Wait before the first reconnect attempt, doubled on each failure up to `max` (ms). */
  reconnectDelayMs?: { first: number; max: number };
}

const noticeSchema = z.object({
  runId: z.string().min(1),
  seq: z.number().int().min(0),
  terminal: z.boolean(),
  // The rows, without their runId (the notice's): bytes matter under the 8000-byte limit.
  events: z
    .array(
      z.object({
        seq: z.number().int().min(1),
        type: z.string(),
        ts: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
});

/** A notice's run id, read without parsing the rest: most notices are of runs nobody here follows. */
const leadingRunId = /^\{"runId":"([^"\\]+)"/;

/** NOTIFYs sent in one statement at most (one round trip, one commit for all of them). */
const notifyBatch = 500;

/** The statements of the usual batch sizes, built once. */
const notifyStatements = new Map<number, string>();

/**
 * One statement sending `count` notices, each channel and payload a parameter of its own, in
 * order. Not `unnest($1::text[], $2::text[])` over two arrays: the driver writes an array as an
 * array literal, escaping every quote of every payload (JSON, full of them) with two regular
 * expressions, and Postgres parses it back — on Postgres the event path's largest allocation
 * (a sampling heap profile of bench:latency's process: ~260 MB of the 4.5 GB it allocated).
 */
function notifyStatement(count: number): string {
  let text = notifyStatements.get(count);
  if (text === undefined) {
    const rows = Array.from(
      { length: count },
      (_, index) => `($${2 * index + 1}::text, $${2 * index + 2}::text)`,
    );
    text = `select pg_notify(channel, payload) from (values ${rows.join(', ')}) as n(channel, payload)`;
    // The usual batches (a handful of notices) are built once and sent by name (parsed once
    // per connection); a rare long one is built and parsed each time.
    if (count <= 64) notifyStatements.set(count, preparedOnPostgres(text));
  }
  return text;
}

/**
 * Cloud mode's bus: Postgres LISTEN/NOTIFY, so a stream on one instance follows a run
 * executing on another.
 *
 * - One dedicated connection LISTENs; one more sends the NOTIFYs, so a publish never queues
 *   behind the listener's reconnects. Sends are batched: while one statement is in flight,
 *   every notice published meanwhile waits and goes in the next (`pg_notify` over a list of
 *   values, one round trip and one commit for all), so the NOTIFY rate is not bounded by round
 *   trips and one connection is enough (bench/listen-notify-scaling.ts).
 * - A notice carries its rows when the payload stays under 8000 bytes (the usual streamed
 *   batch), else ids only and readers read. The listener reads a notice's run id first and
 *   parses the rest only for runs someone here follows.
 * - An instance's own event notices reach its listeners at once, inside `publish`, with their
 *   rows always (as the in-process bus does): a follower on the executing instance waits for
 *   no NOTIFY round trip. Postgres delivers a NOTIFY to the sending session's listeners too;
 *   those arrivals are told apart by the sender's backend pid (the NOTIFY connection's) and
 *   dropped, so each notice is heard once. (Should one come twice — the NOTIFY connection
 *   replaced while its last notices are on the way — readers ignore a seq they hold.)
 *   Other instances' notices, commands and signals come only from the LISTEN path.
 * - If the LISTEN connection drops, it reconnects with backoff. Notices sent meanwhile are
 *   gone, so once listening again it reads `max(seq)` of every subscribed run from
 *   `run_events` and delivers that as a notice: readers re-read the table and miss nothing.
 * - `publish` never rejects: a notice that cannot be sent is logged, and readers still find
 *   the events on their periodic re-read. (The run's writer must not fail over a hint.)
 * - Commands travel on their own channel the same way, to every instance (the sender's
 *   too); one sent while an instance is reconnecting is lost for it, like a lost notice,
 *   and its sender sees no confirming event.
 *
 * Resolves once listening; rejects if the first connection fails (a misconfigured URL
 * should stop the service at start, not retry forever).
 */
export async function createPostgresEventBus(options: PostgresEventBusOptions): Promise<EventBus> {
  const log = options.log ?? consoleBusLog;
  const pg = await loadPg();
  const backoff = options.reconnectDelayMs ?? { first: 100, max: 5000 };
  const listeners = createListenerRegistry(log);
  const commandListeners = createCommandListeners(log);
  const signalListeners = createSignalListeners(log);
  const activityListeners = createRunActivityListeners(log);
  const publisher = new pg.Pool({
    connectionString: options.url,
    // One: the send queue below keeps at most one statement in flight.
    max: 1,
    idleTimeoutMillis: 30_000,
    // Bounded, so a database outage fails a publish (logged) instead of stalling the writer.
    connectionTimeoutMillis: 5_000,
    application_name: 'lifeosai-event-bus-notify',
    // A NOTIFY's transaction has nothing to keep: its commit need not wait for the disk (a
    // notice is delivered at commit either way). Decision 0028.
    options: '-c synchronous_commit=off',
    Client: namingClient(pg),
  });
  // An idle pooled connection that dies emits here; the pool replaces it on next use.
  publisher.on('error', (error) => log.warn({ err: error }, 'event bus: an idle NOTIFY connection failed'));
  /** Backend pids of this instance's NOTIFY connections: their event notices were heard at publish. */
  const ownSenders = new Set<number>();
  const backendPid = (client: unknown) => (client as { processID?: number | null }).processID ?? undefined;
  publisher.on('connect', (client) => {
    const pid = backendPid(client);
    if (pid !== undefined) ownSenders.add(pid);
  });
  publisher.on('remove', (client) => {
    const pid = backendPid(client);
    if (pid !== undefined) ownSenders.delete(pid);
  });

  let closed = false;
  let listening: Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnecting: Promise<void> | undefined;
  let failedAttempts = 0;
  let closing: Promise<void> | undefined;
  const outbox: Array<{ channel: string; payload: string; sent: () => void }> = [];
  let sending: Promise<void> | undefined;

  /** Queues a NOTIFY; resolves once it is sent or its failure logged. Never rejects. */
  function notify(channel: string, payload: string): Promise<void> {
    return new Promise((sent) => {
      outbox.push({ channel, payload, sent });
      sending ??= sendOutbox().finally(() => {
        sending = undefined;
      });
    });
  }

  async function sendOutbox(): Promise<void> {
    while (outbox.length > 0) {
      const batch = outbox.splice(0, notifyBatch);
      try {
        await publisher.query(
          notifyStatement(batch.length),
          batch.flatMap((entry) => [entry.channel, entry.payload]),
        );
      } catch (error) {
        log.warn(
          { err: error, notices: batch.length, channels: [...new Set(batch.map((entry) => entry.channel))] },
          'event bus: could not send notices; readers re-read, commands and signals are lost',
        );
      }
      for (const entry of batch) entry.sent();
    }
  }

  function onNotification(message: Notification): void {
    if (message.channel === runCommandsChannel) {
      const command = parsePayload(runCommandSchema, message.payload);
      if (command) commandListeners.deliver(command);
      else log.warn({}, 'event bus: ignored a malformed command');
      return;
    }
    if (message.channel === channelSignalsChannel) {
      const signal = parsePayload(channelSignalSchema, message.payload);
      if (signal) signalListeners.deliver(signal);
      else log.warn({}, 'event bus: ignored a malformed channel signal');
      return;
    }
    if (message.channel !== runEventsChannel) return;
    // This instance's own notice, already heard at publish.
    if (ownSenders.has(message.processId)) return;
    const runId = leadingRunId.exec(message.payload ?? '')?.[1];
    if (runId) {
      activityListeners.deliver(runId);
      if (!listeners.has(runId)) return;
    }
    const notice = parsePayload(noticeSchema, message.payload);
    if (!notice) {
      log.warn({ runId }, 'event bus: ignored a malformed notice');
      return;
    }
    if (!runId) activityListeners.deliver(notice.runId);
    listeners.deliver({
      runId: notice.runId,
      seq: notice.seq,
      terminal: notice.terminal,
      events: notice.events?.map((event) => ({ runId: notice.runId, ...event })),
    });
  }

  async function connectListener(): Promise<Client> {
    const client = new pg.Client({
      connectionString: options.url,
      application_name: 'lifeosai-event-bus-listen',
      connectionTimeoutMillis: 10_000,
      // A NAT or load balancer may drop an idle connection without a word; keep-alive
      // probes turn that silence into an error we reconnect on.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', onNotification);
    client.on('error', (error) => onListenerLost(client, error));
    client.on('end', () => onListenerLost(client, undefined));
    try {
      await client.connect();
      // LISTEN takes an identifier, not a parameter; quoted so its case is kept exactly as
      // pg_notify() spells it.
      await client.query(
        `LISTEN "${runEventsChannel}"; LISTEN "${runCommandsChannel}"; LISTEN "${channelSignalsChannel}"`,
      );
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  function onListenerLost(client: Client, error: Error | undefined): void {
    // 'error' and 'end' both fire for one loss; old clients and our own close are not losses.
    if (closed || client !== listening) return;
    listening = undefined;
    log.warn({ err: error }, 'event bus: lost the LISTEN connection; reconnecting');
    // Not awaited: on a connection that is already gone, end() may never settle.
    client.end().catch(() => {});
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const ceiling = Math.min(backoff.max, backoff.first * 2 ** failedAttempts);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    failedAttempts++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      reconnecting = reconnect().finally(() => {
        reconnecting = undefined;
      });
    }, delay);
  }

  async function reconnect(): Promise<void> {
    let client: Client;
    try {
      client = await connectListener();
    } catch (error) {
      log.warn({ err: error, failedAttempts }, 'event bus: reconnect failed; retrying');
      scheduleReconnect();
      return;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    listening = client;
    failedAttempts = 0;
    await announceLatest(client);
  }

  /** After an outage: one notice per subscribed run with what the table now holds. */
  async function announceLatest(client: Client): Promise<void> {
    const runIds = listeners.runIds();
    if (runIds.length === 0) return;
    try {
      const { rows } = await client.query<{ run_id: string; seq: number; terminal: boolean }>(
        `select run_id, max(seq)::integer as seq, bool_or(type = 'result') as terminal
           from run_events where run_id = any($1::text[]) group by run_id`,
        [runIds],
      );
      for (const row of rows) listeners.deliver({ runId: row.run_id, seq: row.seq, terminal: row.terminal });
    } catch (error) {
      // The connection died again (its handlers reconnect) or the query failed; readers
      // still re-read on their own timer.
      log.warn({ err: error }, 'event bus: could not re-announce runs after reconnecting');
    }
  }

  try {
    listening = await connectListener();
  } catch (error) {
    await publisher.end().catch(() => {});
    throw error;
  }

  return {
    async publish(notice: RunEventNotice) {
      if (closed) return;
      listeners.deliver(notice);
      activityListeners.deliver(notice.runId);
      await notify(runEventsChannel, noticePayload(notice));
    },
    subscribe(runId, listener) {
      if (closed) return () => {};
      return listeners.add(runId, listener);
    },
    onRunActivity(listener) {
      if (closed) return () => {};
      return activityListeners.add(listener);
    },
    async sendCommand(command) {
      if (closed) return;
      const payload = JSON.stringify(command);
      if (Buffer.byteLength(payload) > maxPayloadBytes) {
        log.error({ runId: command.runId }, 'event bus: a command is too large for NOTIFY; not sent');
        return;
      }
      await notify(runCommandsChannel, payload);
    },
    onCommand(listener) {
      if (closed) return () => {};
      return commandListeners.add(listener);
    },
    async signal(signal) {
      if (closed) return;
      const payload = JSON.stringify(signal);
      if (Buffer.byteLength(payload) > maxPayloadBytes) {
        log.error(
          { connectionId: signal.connectionId },
          'event bus: a channel signal is too large for NOTIFY; not sent',
        );
        return;
      }
      await notify(channelSignalsChannel, payload);
    },
    onSignal(listener) {
      if (closed) return () => {};
      return signalListeners.add(listener);
    },
    close() {
      closing ??= (async () => {
        closed = true;
        signalListeners.clear();
        activityListeners.clear();
        clearTimeout(reconnectTimer);
        listeners.clear();
        commandListeners.clear();
        await reconnecting;
        await sending;
        const client = listening;
        listening = undefined;
        await Promise.all([client?.end().catch(() => {}), publisher.end().catch(() => {})]);
      })();
      return closing;
    },
  };
}

/** The notice as sent: with its rows (minus their runId) when they fit, else ids only. */
function noticePayload(notice: RunEventNotice): string {
  const ids = { runId: notice.runId, seq: notice.seq, terminal: notice.terminal };
  if (notice.events && notice.events.length > 0) {
    const events = notice.events.map(({ seq, type, ts, data }) => ({ seq, type, ts, data }));
    const full = JSON.stringify({ ...ids, events });
    if (Buffer.byteLength(full) <= maxPayloadBytes) return full;
  }
  return JSON.stringify(ids);
}

function parsePayload<T>(schema: z.ZodType<T>, payload: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(payload ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
