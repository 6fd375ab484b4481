import { type Database, listRunEvents, type RunEvent } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { runState } from '../domain/runs/index.ts';
import type { EventBus } from './event-bus.ts';

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
}

/**
 * How a follow ended: the `result` was sent (or the reader had it already); the run ended
 * without one and everything stored was sent; or the signal stopped it.
 */
export type FollowEnd = 'terminal' | 'ended' | 'stopped';

const pageSize = 500;
const activeStatuses: ReadonlySet<string> = new Set(['queued', 'running']);

/**
 * Sends a run's stored events after `after`, in order, each exactly once, then follows the
 * run live until its `result`. The table is the only source of events: notices from the bus
 * only say "read again", so any instance may have written them and a missed notice costs at
 * most one re-read period. Subscribes before the first read, so nothing falls in between.
 *
 * A run whose status is final but has no `result` yet is given one more re-read period
 * (finishers mark the run first and append its synthetic ending right after); if none
 * comes, the follow ends once everything stored is sent.
 *
 * Resolves with how it ended; rejects if the database fails.
 */
export async function followRun(options: FollowRunOptions): Promise<FollowEnd> {
  const { db, bus, runId, send, signal } = options;
  const rereadMs = options.rereadMs ?? 3000;
  let lastSent = options.after;
  let noticed = false;
  let wake: (() => void) | undefined;

  const unsubscribe = bus.subscribe(runId, (notice) => {
    if (notice.seq <= lastSent) return;
    noticed = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);

  /** Sends every stored event after `lastSent`. */
  const drain = async (): Promise<FollowEnd | 'drained'> => {
    for (;;) {
      noticed = false;
      if (signal.aborted) return 'stopped';
      const page = await listRunEvents(db, runId, { after: lastSent, limit: pageSize });
      for (const event of page) {
        if (signal.aborted) return 'stopped';
        await send(event);
        lastSent = event.seq;
        if (event.type === 'result') return 'terminal';
      }
      if (page.length < pageSize) return 'drained';
    }
  };

  /** Resolves true after `rereadMs`, false as soon as a notice (or the signal) arrives. */
  const waitForNotice = (): Promise<boolean> => {
    if (noticed || signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve(true);
      }, rereadMs);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve(false);
      };
    });
  };

  try {
    if (lastSent > 0 && (await resultStoredAtOrBefore(db, runId, lastSent))) return 'terminal';
    let checkStatus = true;
    let endedChecks = 0;
    for (;;) {
      // Status before events: if the run had ended by now, the read below sees its events.
      const ended = checkStatus && (await runHasEnded(db, runId));
      const outcome = await drain();
      if (outcome !== 'drained') return outcome;
      if (checkStatus) endedChecks = ended ? endedChecks + 1 : 0;
      if (endedChecks >= 2) return 'ended';
      checkStatus = await waitForNotice();
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}

async function runHasEnded(db: Kysely<Database>, runId: string): Promise<boolean> {
  const run = await runState(db, runId);
  return !run || !activeStatuses.has(run.status);
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
