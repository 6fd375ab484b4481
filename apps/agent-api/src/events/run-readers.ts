import { type Database, listRunEvents, type RunEvent } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { runState } from '../domain/runs/index.ts';
import type { EventBus, RunEventNotice } from './event-bus.ts';
import { onePerInstance } from './per-instance.ts';

/** How often the table was read, and why: what the fan-out tests and benches count. */
export interface RunReaderCounts {
  /** Reads by shared readers: at most one per batch of new events, however many follow the run. */
  reads: number;
  /** Pages read by followers catching up from behind their reader's window (late or slow ones). */
  catchUpReads: number;
  /** Notices whose rows were taken as they came, with no read. */
  noticesApplied: number;
}

/**
 * One run's shared reader on this instance: the run's recent events in memory, kept current
 * from the bus's notices (their rows when they carry them, else one read of the table), for
 * every follower of the run here.
 */
export interface RunReader {
  /** The window holds every stored event after this seq, up to `have`. */
  readonly floor: number;
  /** The highest seq the reader holds. */
  readonly have: number;
  /** `terminal` once it holds the run's `result`; `ended` once the run ended without one and nothing more came. */
  readonly done: 'terminal' | 'ended' | undefined;
  /** The window's events after `seq`, in order; undefined when `seq` is below the window (read the table). */
  eventsAfter(seq: number): RunEvent[] | undefined;
  /** Resolves once the reader holds an event after `seq`, is done, failed, or the signal aborts. Never rejects. */
  waitBeyond(seq: number, signal: AbortSignal): Promise<void>;
  /** Throws the database error that stopped the reader, if one did. */
  check(): void;
  /** This follower is gone; the last one out stops the reader. Call once. */
  release(): void;
}

export interface RunReaders {
  readonly counts: RunReaderCounts;
  /** The run's reader, started for a first follower at `after`, shared with later ones. */
  acquire(runId: string, after: number, rereadMs: number): RunReader;
  /** Runs with a reader now. */
  active(): number;
}

/** Events kept in memory per followed run: followers further behind read the table. */
const windowSize = 1000;
const pageSize = 500;
const activeStatuses: ReadonlySet<string> = new Set(['queued', 'running']);

/**
 * The readers of everything this instance follows through `bus` — one set per bus and
 * database, so every stream route and feed of an app shares them without wiring.
 */
export const runReadersFor: (db: Kysely<Database>, bus: EventBus) => RunReaders =
  onePerInstance(createRunReaders);

/**
 * One reader per run, however many follow it: 500 followers of a run cost one read per
 * batch of new events — none when the notice carries the rows. A reader subscribes before
 * its first read, so nothing falls in between; with no notice it re-reads every `rereadMs`
 * and checks the run's status then (a notice may be lost; a run may end without a `result`).
 */
export function createRunReaders(db: Kysely<Database>, bus: EventBus): RunReaders {
  const counts: RunReaderCounts = { reads: 0, catchUpReads: 0, noticesApplied: 0 };
  const readers = new Map<string, { reader: RunReader; join(): void }>();
  return {
    counts,
    active: () => readers.size,
    acquire(runId, after, rereadMs) {
      const existing = readers.get(runId);
      if (existing) {
        existing.join();
        return existing.reader;
      }
      const entry = startReader({ db, bus, runId, after, rereadMs, counts }, () => {
        if (readers.get(runId) === entry) readers.delete(runId);
      });
      readers.set(runId, entry);
      return entry.reader;
    },
  };
}

interface ReaderSetup {
  db: Kysely<Database>;
  bus: EventBus;
  runId: string;
  after: number;
  rereadMs: number;
  counts: RunReaderCounts;
}

function startReader(setup: ReaderSetup, forget: () => void): { reader: RunReader; join(): void } {
  const { db, bus, runId, counts } = setup;
  let followers = 1;
  let stopped = false;
  let failure: unknown;
  let done: RunReader['done'];
  const window: RunEvent[] = [];
  let floor = setup.after;
  let have = setup.after;
  /** Highest seq any notice announced. */
  let known = setup.after;
  /** A notice announced events the reader does not hold: read. */
  let readWanted = false;
  /** Rows of notices that came ahead of a gap, kept until the read fills it. */
  const early = new Map<number, RunEvent>();
  const waiters = new Set<() => void>();
  let wakeLoop: (() => void) | undefined;

  const wakeFollowers = () => {
    for (const waiter of [...waiters]) waiter();
  };

  /** Adds events after `have`, in order; what is held already is skipped. */
  const append = (events: readonly RunEvent[]) => {
    let added = false;
    for (const event of events) {
      if (done || event.seq <= have) continue;
      window.push(event);
      have = event.seq;
      added = true;
      if (event.type === 'result') done = 'terminal';
    }
    // The loop may be waiting for a notice: a run with its `result` needs none.
    if (done) wakeLoop?.();
    if (window.length > windowSize) {
      const cut = window.splice(0, window.length - windowSize);
      floor = cut.at(-1)!.seq;
    }
    if (added) wakeFollowers();
  };

  /** Moves rows that came early and now follow on from `have` into the window. */
  const takeEarly = () => {
    while (early.has(have + 1)) append([early.get(have + 1)!]);
    for (const seq of early.keys()) if (seq <= have) early.delete(seq);
  };

  const onNotice = (notice: RunEventNotice) => {
    if (stopped || done || notice.seq <= have) return;
    known = Math.max(known, notice.seq);
    const first = notice.events?.[0];
    if (first && first.seq <= have + 1) {
      append(notice.events!);
      takeEarly();
      counts.noticesApplied++;
    } else if (notice.events) {
      for (const event of notice.events) early.set(event.seq, event);
    }
    if (have < notice.seq) {
      readWanted = true;
      wakeLoop?.();
    }
  };
  const unsubscribe = bus.subscribe(runId, onNotice);

  /** Reads everything stored after `have`, again while notices say more came meanwhile. */
  const readNew = async () => {
    for (;;) {
      readWanted = false;
      const page = await listRunEvents(db, runId, { after: have, limit: pageSize });
      counts.reads++;
      append(page);
      takeEarly();
      if (stopped || done) return;
      if (page.length < pageSize && !(readWanted && have < known)) return;
    }
  };

  /** Resolves true after `rereadMs`, false as soon as a notice wants a read (or the reader stops). */
  const waitForNotice = (): Promise<boolean> => {
    if (readWanted || stopped || done) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wakeLoop = undefined;
        resolve(true);
      }, setup.rereadMs);
      wakeLoop = () => {
        clearTimeout(timer);
        wakeLoop = undefined;
        resolve(false);
      };
    });
  };

  const loop = async () => {
    let checkStatus = true;
    let endedChecks = 0;
    while (!stopped && !done) {
      // Status before events: if the run had ended by now, the read below sees its events.
      const ended = checkStatus && (await runHasEnded(db, runId));
      await readNew();
      if (stopped || done) return;
      // A finished run without a `result` gets one more period (finishers mark the run
      // first and append its synthetic ending right after).
      if (checkStatus) endedChecks = ended ? endedChecks + 1 : 0;
      if (endedChecks >= 2) {
        done = 'ended';
        return;
      }
      checkStatus = await waitForNotice();
    }
  };

  const stop = () => {
    stopped = true;
    unsubscribe();
    wakeLoop?.();
    forget();
  };
  loop().then(
    () => {
      // Done: the window stays for the followers still sending; no more notices needed.
      unsubscribe();
      wakeFollowers();
    },
    (error: unknown) => {
      failure = error;
      stop();
      wakeFollowers();
    },
  );

  const reader: RunReader = {
    get floor() {
      return floor;
    },
    get have() {
      return have;
    },
    get done() {
      return done;
    },
    eventsAfter(seq) {
      if (seq < floor) return undefined;
      let low = 0;
      let high = window.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (window[middle]!.seq <= seq) low = middle + 1;
        else high = middle;
      }
      return window.slice(low);
    },
    waitBeyond(seq, signal) {
      if (have > seq || done || failure !== undefined || signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const wake = () => {
          if (have <= seq && !done && failure === undefined && !signal.aborted) return;
          waiters.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        waiters.add(wake);
        signal.addEventListener('abort', wake);
      });
    },
    check() {
      if (failure !== undefined) throw failure;
    },
    release() {
      followers--;
      if (followers === 0 && !stopped) stop();
    },
  };
  return {
    reader,
    join: () => {
      followers++;
    },
  };
}

async function runHasEnded(db: Kysely<Database>, runId: string): Promise<boolean> {
  const run = await runState(db, runId);
  return !run || !activeStatuses.has(run.status);
}
