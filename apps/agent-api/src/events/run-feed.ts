import { setTimeout as delay } from 'node:timers/promises';
import { type Database, lastRunEventSeq, type RunEvent } from '@lifeosai/db';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { runsOfFeed } from '../domain/runs/index.ts';
import type { EventBus } from './event-bus.ts';
import { followRun } from './follow-run.ts';

/** Whose runs a feed follows: one session's or one agent's, within one organization. */
export interface RunFeedScope {
  orgId: string;
  kind: 'session' | 'agent';
  /** The session or agent id. */
  id: string;
  /** Only runs of these sessions (the ones the reader may read, as a subquery); absent: all. */
  readableSessions?: SelectQueryBuilder<Database, 'sessions', { id: string }>;
}

export interface RunFeedOptions {
  db: Kysely<Database>;
  bus: EventBus;
  scope: RunFeedScope;
  /** Resume this run after `seq` first (the feed's Last-Event-ID); the caller checked it is in scope. */
  resume?: { runId: string; seq: number };
  /** How often the runs table is asked for new runs (ms). */
  pollMs?: number;
  /** Each run's re-read period (ms); see `followRun`. */
  rereadMs?: number;
  /**
   * How far a new run's `createdAt` may lie behind this instance's clock when it becomes
   * visible (another instance's clock, a slow commit) (ms). Runs older than that when they
   * first appear are missed, so keep it generous.
   */
  createdAtSlackMs?: number;
}

/** A feed whose "now" is fixed: every event stored after `openRunFeed` resolved is delivered. */
export interface RunFeed {
  /**
   * Sends the feed's events until the signal aborts; nothing else ends it. `send` has the
   * same contract as `followRun`'s. Rejects on a database error, after stopping every run
   * it follows. Call once.
   */
  follow(send: (event: RunEvent) => Promise<void>, signal: AbortSignal): Promise<void>;
}

const activeStatuses = ['queued', 'running'] as const;

/**
 * A feed of every run of a session or agent from now on: runs active now from their latest
 * event, runs that start later from their first, each through `followRun` (so each run's
 * events arrive in order, exactly once; different runs interleave). New runs are found by
 * polling `runs` by creation time, which also catches a run that starts and ends between
 * two polls.
 *
 * Opening takes the snapshot that defines "now" — do it before the response starts, so a
 * client that sees the stream open knows nothing after that point is missed.
 */
export async function openRunFeed(options: RunFeedOptions): Promise<RunFeed> {
  const { db, bus, scope, resume } = options;
  const pollMs = options.pollMs ?? 500;
  const slackMs = options.createdAtSlackMs ?? 60_000;
  const runsInScope = () => runsOfFeed(db, scope);

  let windowStart = isoBefore(Date.now(), slackMs);
  // Runs already seen, with their createdAt: a poll only returns runs created inside its
  // window, so a run can be forgotten once the window has moved past it.
  const known = new Map<string, string>();
  const startAfter = new Map<string, number>();
  const initial = await runsInScope()
    .where((eb) =>
      eb.or([
        eb('status', 'in', activeStatuses),
        eb('createdAt', '>=', windowStart),
        ...(resume ? [eb('id', '=', resume.runId)] : []),
      ]),
    )
    .execute();
  for (const run of initial) {
    known.set(run.id, run.createdAt);
    if (run.id === resume?.runId) startAfter.set(run.id, resume.seq);
    else if ((activeStatuses as readonly string[]).includes(run.status))
      startAfter.set(run.id, await lastRunEventSeq(db, run.id));
  }

  return {
    async follow(send, signal) {
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) stop.abort();

      let failure: unknown;
      const followers = new Set<Promise<void>>();
      const follow = (runId: string, after: number) => {
        const following: Promise<void> = followRun({
          db,
          bus,
          runId,
          after,
          send,
          signal: stop.signal,
          rereadMs: options.rereadMs,
        }).then(
          () => {
            followers.delete(following);
          },
          (error: unknown) => {
            followers.delete(following);
            failure ??= error;
            stop.abort();
          },
        );
        followers.add(following);
      };

      try {
        for (const [runId, after] of startAfter) follow(runId, after);
        while (!stop.signal.aborted) {
          await delay(pollMs, undefined, { signal: stop.signal }).catch(() => {});
          if (stop.signal.aborted) break;
          const polledAt = Date.now();
          const created = await runsInScope().where('createdAt', '>=', windowStart).execute();
          for (const run of created) {
            if (known.has(run.id)) continue;
            known.set(run.id, run.createdAt);
            follow(run.id, 0);
          }
          for (const [runId, createdAt] of known) if (createdAt < windowStart) known.delete(runId);
          windowStart = isoBefore(polledAt, slackMs);
        }
      } finally {
        stop.abort();
        signal.removeEventListener('abort', onAbort);
        await Promise.all(followers);
      }
      if (failure) throw failure;
    },
  };
}

function isoBefore(time: number, ms: number): string {
  return new Date(time - ms).toISOString();
}
