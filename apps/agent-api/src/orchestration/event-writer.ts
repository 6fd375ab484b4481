import { appendRunEvents, type Database, type RunEventInput } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import type { Kysely } from 'kysely';
import type { EventBus } from '../events/event-bus.ts';

export interface EventWriterOptions {
  db: Kysely<Database>;
  bus: EventBus;
  runId: string;
  /** Flush when this many events wait… */
  maxBatch?: number;
  /** …or this long after the first one arrived (ms). */
  maxDelayMs?: number;
}

/**
 * Persists a run's events in order, in batches: the harness never waits on a database
 * round trip per token. After each committed batch it publishes one notice (ids only) on
 * the bus, so SSE readers — here or on another instance — read the new rows.
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
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;

  constructor(options: EventWriterOptions) {
    this.#options = { maxBatch: 200, maxDelayMs: 25, ...options };
  }

  /**
   * Queues an event. `persisted` (optional) is called once it is in the database and announced
   * — never if persisting failed — so whoever it tells (a push notification, a channel) can
   * send people to a page that already shows it. It must not throw.
   */
  push(event: UnifiedEvent, persisted?: () => void): void {
    if (persisted) this.#pendingHeard.push(persisted);
    this.#pending.push({
      runId: event.runId,
      seq: event.seq,
      type: event.type,
      ts: event.ts,
      data: event as never,
    });
    if (event.type === 'result' || this.#pending.length >= this.#options.maxBatch) this.#flushSoon(0);
    else this.#flushSoon(this.#options.maxDelayMs);
  }

  /** Waits until every pushed event is persisted and announced. */
  async close(): Promise<void> {
    this.#flushSoon(0);
    await this.#chain;
    if (this.#failure) throw this.#failure;
  }

  #flushSoon(delayMs: number): void {
    if (delayMs === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#enqueueFlush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#enqueueFlush();
      }, delayMs);
    }
  }

  #enqueueFlush(): void {
    const batch = this.#pending;
    const heard = this.#pendingHeard;
    if (batch.length === 0) return;
    this.#pending = [];
    this.#pendingHeard = [];
    this.#chain = this.#chain.then(async () => {
      if (this.#failure) return;
      try {
        await appendRunEvents(this.#options.db, batch);
        const last = batch.at(-1)!;
        await this.#options.bus.publish({
          runId: last.runId,
          seq: last.seq,
          terminal: last.type === 'result',
        });
        for (const tell of heard) {
          try {
            tell();
          } catch {
            // A hearer's failure is its own (the contract says it never throws): the run goes on.
          }
        }
      } catch (error) {
        this.#failure = error;
      }
    });
  }
}
