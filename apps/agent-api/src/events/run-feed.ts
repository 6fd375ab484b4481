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
  /**
   * Safety re-check: how often the runs table is asked for new runs whose notices were all
   * lost (a LISTEN connection that dropped meanwhile) (ms). New runs are otherwise learned
   * from the bus at once.
   */
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
/** Runs of other scopes a feed remembers before it forgets them. */
const maxForeign = 10_000;

/**
 * A feed of every run of a session or agent from now on: runs active now from their latest
 * event, runs that start later from their first, each through `followRun` (so each run's
 * events arrive in order, exactly once; different runs interleave). New runs are learned
 * from the bus: the first notice of a run this feed has not seen makes it ask the runs
 * table whether the run is in scope (one indexed query per new run, batched). A run becomes
 * visible to a feed only through its events, so a run without a notice yet has nothing to
 * show. The slow re-check (`pollMs`, 10 s) by creation time covers notices lost while a
 * LISTEN connection was down: the bus re-announces followed runs after reconnecting but
 * cannot know a feed's future runs; 10 s bounds that rare delay at one cheap query per feed.
 *
 * Opening takes the snapshot that defines "now" — do it before the response starts, so a
 * client that sees the stream open knows nothing after that point is missed.
 */
export async function openRunFeed(options: RunFeedOptions): Promise<RunFeed> {
  const { db, bus, scope, resume } = options;
  const pollMs = options.pollMs ?? 10_000;
  const slackMs = options.createdAtSlackMs ?? 60_000;
  const runsInScope = () => runsOfFeed(db, scope);

  let windowStart = isoBefore(Date.now(), slackMs);
  /** Runs of this feed (followed, or finished before it opened): never followed again. */
  const ours = new Set<string>();
  /** Runs of other scopes: a notice of one costs nothing. */
  const foreign = new Set<string>();
  const seen = (runId: string) => ours.has(runId) || foreign.has(runId);
  /** Runs the bus mentioned that may be new to this feed, until checked. */
  const heard = new Set<string>();
  let wake: (() => void) | undefined;
  // Before the snapshot, so a run that starts in between is heard (and found in scope).
  const stopHearing = bus.onRunActivity((runId) => {
    if (seen(runId) || heard.has(runId)) return;
    heard.add(runId);
    wake?.();
  });
  const startAfter = new Map<string, number>();
  try {
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
      ours.add(run.id);
      heard.delete(run.id);
      if (run.id === resume?.runId) startAfter.set(run.id, resume.seq);
      else if ((activeStatuses as readonly string[]).includes(run.status))
        startAfter.set(run.id, await lastRunEventSeq(db, run.id));
    }
  } catch (error) {
    stopHearing();
    throw error;
  }

  return {
    async follow(send, signal) {
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) stop.abort();

      let failure: unknown;
      /** Resolves after `ms`, or as soon as a run is heard of or the feed stops. */
      const waitForNews = (ms: number) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            stop.signal.removeEventListener('abort', done);
            wake = undefined;
            resolve();
          };
          const timer = setTimeout(done, ms);
          stop.signal.addEventListener('abort', done);
          wake = done;
        });
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

      const followNew = (run: { id: string }) => {
        if (ours.has(run.id)) return;
        ours.add(run.id);
        foreign.delete(run.id);
        follow(run.id, 0);
      };
      /** Which of the runs heard of are this feed's: those are followed from their first event. */
      const checkHeard = async () => {
        const runIds = [...heard].slice(0, 500).filter((runId) => {
          heard.delete(runId);
          return !seen(runId);
        });
        if (runIds.length === 0) return;
        const found = await runsInScope().where('id', 'in', runIds).execute();
        for (const run of found) followNew(run);
        // Past a bound the memory of other scopes' runs is dropped (a still-active one is
        // asked about again); this feed's own runs are kept, so none is followed twice.
        if (foreign.size > maxForeign) foreign.clear();
        for (const runId of runIds) if (!ours.has(runId)) foreign.add(runId);
      };
      let nextPoll = Date.now() + pollMs;
      try {
        for (const [runId, after] of startAfter) follow(runId, after);
        while (!stop.signal.aborted) {
          if (heard.size === 0) await waitForNews(Math.max(0, nextPoll - Date.now()));
          if (stop.signal.aborted) break;
          if (heard.size > 0) await checkHeard();
          if (Date.now() < nextPoll) continue;
          const polledAt = Date.now();
          const created = await runsInScope().where('createdAt', '>=', windowStart).execute();
          for (const run of created) followNew(run);
          windowStart = isoBefore(polledAt, slackMs);
          nextPoll = polledAt + pollMs;
        }
      } finally {
        stopHearing();
        wake = undefined;
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
