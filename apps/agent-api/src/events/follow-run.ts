import { type Database, listRunEvents, type RunEvent } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { EventBus } from './event-bus.ts';
import { type RunReaders, runReadersFor } from './run-readers.ts';

export interface FollowRunOptions {
  db: Kysely<Database>;
  bus: EventBus;
  runId: string;
  /** The last seq the reader already has; 0 to start from the first event. */
  after: number;
  /**
   * Hands one stored event to the reader. Contract: resolves when the reader can take the
   * next one — a slow reader's backpressure waits here, so at most one page is ever held
   * in memory. Rejects only on a programmer mistake; the follow then rejects with it.
   */
  send(event: RunEvent): Promise<void>;
  /** Ends the follow early (client gone, server closing). */
  signal: AbortSignal;
  /** Re-read period when no notice arrives, and how often the run's status is checked (ms). */
  rereadMs?: number;
  /** The shared readers to follow through (default: this bus's and database's, see `runReadersFor`). */
  readers?: RunReaders;
}

/**
 * How a follow ended: the `result` was sent (or the reader had it already); the run ended
 * without one and everything stored was sent; or the signal stopped it.
 */
export type FollowEnd = 'terminal' | 'ended' | 'stopped';

const pageSize = 500;

/**
 * Sends a run's stored events after `after`, in order, each exactly once, then follows the
 * run live until its `result`. Live events come from the run's shared reader on this
 * instance (one per run, however many follow it; see run-readers.ts); a follower that
 * starts or falls behind the reader's window reads the table by seq until it reaches it.
 * The table stays the only source: notices only bring its rows sooner, and a missed notice
 * costs at most one re-read period.
 *
 * A run whose status is final but has no `result` yet is given one more re-read period
 * (finishers mark the run first and append its synthetic ending right after); if none
 * comes, the follow ends once everything stored is sent.
 *
 * Resolves with how it ended; rejects if the database fails.
 */
export async function followRun(options: FollowRunOptions): Promise<FollowEnd> {
  const { db, runId, send, signal } = options;
  const readers = options.readers ?? runReadersFor(db, options.bus);
  const reader = readers.acquire(runId, options.after, options.rereadMs ?? 3000);
  try {
    let lastSent = options.after;
    if (lastSent > 0 && (await resultStoredAtOrBefore(db, runId, lastSent))) return 'terminal';
    for (;;) {
      if (signal.aborted) return 'stopped';
      reader.check();
      const floor = reader.floor;
      let events = reader.eventsAfter(lastSent);
      let caughtUp = false;
      if (!events) {
        events = await listRunEvents(db, runId, { after: lastSent, limit: pageSize });
        readers.counts.catchUpReads++;
        // A short page holds everything stored when it was read, the window's floor included.
        caughtUp = events.length < pageSize;
      }
      for (const event of events) {
        if (signal.aborted) return 'stopped';
        await send(event);
        lastSent = event.seq;
        if (event.type === 'result') return 'terminal';
      }
      if (caughtUp) lastSent = Math.max(lastSent, floor);
      if (events.length > 0) continue;
      if (reader.done && lastSent >= reader.have) return reader.done;
      await reader.waitBeyond(lastSent, signal);
    }
  } finally {
    reader.release();
  }
}

/** True when the reader's last event, or one before it, is the run's `result`: nothing follows it. */
async function resultStoredAtOrBefore(db: Kysely<Database>, runId: string, seq: number): Promise<boolean> {
  const last = await db
    .selectFrom('runEvents')
    .select('type')
    .where('runId', '=', runId)
    .where('seq', '<=', seq)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.type === 'result';
}
