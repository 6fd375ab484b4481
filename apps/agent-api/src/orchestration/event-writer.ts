import { appendRunEvents, type Database, type RunEventInput } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import type { EventBus } from '../events/event-bus.ts';

export interface EventWriterOptions {
  db: Kysely<Database>;
  bus: EventBus;
  runId: string;
  /** At most this many events per batch. */
  maxBatch?: number;
  /**
   * How long an event may wait for company before an idle writer flushes (ms). Default 0:
   * the next turn of the event loop, so events that arrived together go together.
   */
  maxDelayMs?: number;
}

/**
 * Persists a run's events in order, in batches: the harness never waits on a database
 * round trip per token. Batches form by themselves (group commit): an idle writer flushes
 * at once; while a batch is being written, new events wait and go together in the next.
 * So latency is one write under light load, and batches grow with the load instead of
 * waiting on a timer. After each committed batch it publishes one notice carrying the
 * rows on the bus, so SSE readers — here or on another instance — need not read them.
 * Batches are committed without waiting for the disk, except the one holding the run's
 * `result`, which makes every earlier one durable with it (decision 0028).
 *
 * Contract: `push` never blocks and never throws; `close()` flushes everything and
 * rejects if any batch failed to persist (the executor then fails the run).
 */
export class EventWriter {
  readonly #options: Required<EventWriterOptions>;
  #pending: RunEventInput[] = [];
  /** Called once the pending events are persisted and announced (see `push`). */
  #pendingHeard: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #failure: unknown;

  constructor(options: EventWriterOptions) {
    this.#options = { maxBatch: 200, maxDelayMs: 0, ...options };
  }

  /**
   * Queues an event. `persisted` (optional) is called once it is in the database and announced
   * — never if persisting failed — so whoever it tells (a push notification, a channel) can
   * send people to a page that already shows it. It must not throw.
   */
  push(event: UnifiedEvent, persisted?: () => void): void {
    this.#pending.push({
      runId: event.runId,
      seq: event.seq,
      type: event.type,
      ts: event.ts,
      data: event as never,
    });
    this.#pendingHeard.push(persisted ?? noHearer);
    if (this.#flushing || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, this.#options.maxDelayMs);
  }

  /** Waits until every pushed event is persisted and announced. */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flush();
    await this.#flushing;
    if (this.#failure) throw this.#failure;
  }

  /** Starts the flush loop unless it runs: it writes batches until nothing waits. */
  #flush(): void {
    this.#flushing ??= this.#writeAll().finally(() => {
      this.#flushing = undefined;
    });
  }

  async #writeAll(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#options.maxBatch);
      const heard = this.#pendingHeard.splice(0, batch.length);
      if (this.#failure) continue;
      try {
        const last = batch.at(-1)!;
        // What streams need not wait for the disk; the ending does (decision 0028).
        await appendRunEvents(this.#options.db, batch, { durable: last.type === 'result' });
        await this.#options.bus.publish({
          runId: last.runId,
          seq: last.seq,
          terminal: last.type === 'result',
          events: batch,
        });
      } catch (error) {
        this.#failure = error;
        continue;
      }
      for (const tell of heard) {
        try {
          tell();
        } catch {
          // A hearer's failure is its own (the contract says it never throws): the run goes on.
        }
      }
    }
  }
}

function noHearer(): void {}
