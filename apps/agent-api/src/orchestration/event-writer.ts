import { appendRunEvents, type Database, type RunEventInput } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import type { EventBus } from '../events/event-bus.ts';
import { onePerInstance } from '../events/per-instance.ts';

export interface EventWriterOptions {
  db: Kysely<Database>;
  bus: EventBus;
  runId: string;
}

/**
 * Persists a run's events in order, in batches: the harness never waits on a database
 * round trip per token. Every run of an instance writes through one shared appender
 * (`appenderFor(db, bus)`): one INSERT carries whatever all runs pushed meanwhile (group
 * commit across runs) — with 50 runs streaming, one statement per flush instead of one per run
 * and event, which had the runs queueing for the pool's connections. An idle appender flushes
 * on the next turn of the event loop; while a batch is being written, new events wait and go
 * together in the next. After each committed batch it publishes one notice per run carrying
 * that run's rows, so SSE readers — here or on another instance — need not read them; the next
 * batch's INSERT does not wait for those notices to be sent (one round trip per batch, not two).
 * Batches are committed without waiting for the disk, except one holding a run's `result`,
 * which makes every earlier one durable with it (decision 0028).
 *
 * Contract: `push` never blocks and never throws; `close()` waits until everything pushed is
 * persisted and rejects if any of this run's events failed to persist (the executor then fails
 * the run). A run's failure is its own: a batch refused as a whole is written again run by run,
 * so only the run whose rows were refused fails.
 */
export class EventWriter {
  readonly #appender: EventAppender;
  readonly #state: WriterState = { pending: 0, failure: undefined, idle: [] };

  constructor(options: EventWriterOptions) {
    this.#appender = appenderFor(options.db, options.bus);
  }

  /**
   * Queues an event. `persisted` (optional) is called once it is in the database and announced
   * — never if persisting failed — so whoever it tells (a push notification, a channel) can
   * send people to a page that already shows it. It must not throw.
   */
  push(event: UnifiedEvent, persisted?: () => void): void {
    this.#appender.enqueue(this.#state, {
      row: { runId: event.runId, seq: event.seq, type: event.type, ts: event.ts, data: event as never },
      heard: persisted ?? noHearer,
    });
  }

  /** Waits until every pushed event is persisted and announced. */
  async close(): Promise<void> {
    if (this.#state.pending > 0) await new Promise<void>((resolve) => this.#state.idle.push(resolve));
    if (this.#state.failure) throw this.#state.failure;
  }
}

/** One run's writer as the appender sees it. */
interface WriterState {
  /** Events pushed and not yet settled (written or failed). */
  pending: number;
  /** The first error that kept one of its events out; its later events are dropped. */
  failure: unknown;
  /** Called when `pending` drops to 0. */
  idle: Array<() => void>;
}

interface Queued {
  writer: WriterState;
  row: RunEventInput;
  heard: () => void;
}

/** At most this many rows per statement (within `appendRunEvents`' 500 per statement: one commit per batch). */
const maxBatch = 400;

/** The instance's appender for this database and bus (created on first use). */
const appenderFor = onePerInstance((db, bus) => new EventAppender(db, bus));

class EventAppender {
  readonly #db: Kysely<Database>;
  readonly #bus: EventBus;
  /** In push order across runs, so each run's rows stay in its own order. */
  #queue: Queued[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(db: Kysely<Database>, bus: EventBus) {
    this.#db = db;
    this.#bus = bus;
  }

  enqueue(writer: WriterState, entry: Omit<Queued, 'writer'>): void {
    writer.pending++;
    this.#queue.push({ ...entry, writer });
    this.#schedule();
  }

  /**
   * Starts a flush on the next turn unless one is running or due. A flush that ends looks once
   * more: an event queued after its last look but before it was marked done (a continuation it
   * woke, say) would otherwise wait for good.
   */
  #schedule(): void {
    if (this.#flushing || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushing = this.#writeAll().finally(() => {
        this.#flushing = undefined;
        if (this.#queue.length > 0) this.#schedule();
      });
    }, 0);
  }

  async #writeAll(): Promise<void> {
    while (this.#queue.length > 0) {
      const taken = this.#queue.splice(0, maxBatch);
      const batch = taken.filter((entry) => !entry.writer.failure);
      const written = await this.#write(batch);
      // Not awaited: the next batch's INSERT does not wait for this one's NOTIFY round trip.
      // `publish` has handed the rows to this instance's readers and queued the notice when it
      // returns, so notices keep the batches' order; the hearers are told and the writers
      // settle once the notices are sent.
      void this.#announce(written).then(
        () => this.#finish(taken, written),
        // A bus that broke its contract (publish never rejects): no one told, no writer left waiting.
        () => this.#finish(taken, []),
      );
    }
  }

  /** Once a batch's notices are sent: tells its hearers (`heard`) and settles every writer taken. */
  #finish(taken: Queued[], heard: Queued[]): void {
    for (const entry of heard) {
      try {
        entry.heard();
      } catch {
        // A hearer's failure is its own (the contract says it never throws): the run goes on.
      }
    }
    for (const entry of taken) settle(entry.writer);
  }

  /** Writes the batch in one statement; refused, run by run. Returns what was written. */
  async #write(batch: Queued[]): Promise<Queued[]> {
    if (batch.length === 0) return batch;
    try {
      await appendRunEvents(
        this.#db,
        batch.map((entry) => entry.row),
        { durable: batch.some((entry) => entry.row.type === 'result') },
      );
      return batch;
    } catch {
      // One statement: nothing of it was written. Again per run, so one run's refusal (its
      // seq already stored: another instance took the run over) fails that run alone.
      for (const rows of byRun(batch).values()) {
        try {
          await appendRunEvents(
            this.#db,
            rows.map((entry) => entry.row),
            { durable: rows.some((entry) => entry.row.type === 'result') },
          );
        } catch (error) {
          rows[0]!.writer.failure ??= error;
        }
      }
      return batch.filter((entry) => !entry.writer.failure);
    }
  }

  /** One notice per run, carrying that run's rows of the batch (`publish` never rejects). */
  async #announce(written: Queued[]): Promise<void> {
    await Promise.all(
      [...byRun(written).values()].map((rows) => {
        const last = rows.at(-1)!.row;
        return this.#bus.publish({
          runId: last.runId,
          seq: last.seq,
          terminal: last.type === 'result',
          events: rows.map((entry) => entry.row),
        });
      }),
    );
  }
}

function byRun(entries: Queued[]): Map<string, Queued[]> {
  const runs = new Map<string, Queued[]>();
  for (const entry of entries) {
    const rows = runs.get(entry.row.runId);
    if (rows) rows.push(entry);
    else runs.set(entry.row.runId, [entry]);
  }
  return runs;
}

function settle(writer: WriterState): void {
  writer.pending--;
  if (writer.pending > 0) return;
  for (const resolve of writer.idle.splice(0)) resolve();
}

function noHearer(): void {}
