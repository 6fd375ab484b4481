import type { RunTimerHandle, RunTimers } from '@lifeosai/harness-spec';

/** The process's own timers, looked up at each call (so a test's fake timers apply too). */
const systemTimers: RunTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

/** Why a watchdog fired: silence for too long, or the whole run for too long. */
export type WatchdogTrip = 'stall_timeout' | 'timeout';

/** The two limits a run is held to (`RunContext.limits`). */
export interface WatchdogLimits {
  /** Longest silence allowed, in milliseconds. */
  readonly stallTimeoutMs: number;
  /** Longest run allowed, in milliseconds. */
  readonly runTimeoutMs: number;
}

/**
 * The two clocks a run is held to: silence (`stallTimeoutMs` without native output) and total
 * time (`runTimeoutMs`). Silence is not counted while the run legitimately waits on something
 * other than the model — startup, a person answering a permission request, a tool running —
 * which callers declare with `hold`/`release` (holds nest).
 *
 * Both clocks run on `timers` (`RunContext.timers`; default: the real ones).
 *
 * Contract: `onTrip` is called at most once, from a timer, never after `stop`; it must not
 * throw. Nothing runs until `start`.
 */
export class RunWatchdog {
  readonly #limits: WatchdogLimits;
  readonly #onTrip: (trip: WatchdogTrip) => void;
  readonly #timers: RunTimers;
  #runTimer: RunTimerHandle | undefined;
  #stallTimer: RunTimerHandle | undefined;
  #holds = 0;
  #started = false;
  #stopped = false;

  constructor(
    limits: WatchdogLimits,
    onTrip: (trip: WatchdogTrip) => void,
    timers: RunTimers = systemTimers,
  ) {
    this.#limits = limits;
    this.#onTrip = onTrip;
    this.#timers = timers;
  }

  /** Starts the run clock, and the silence clock unless something is held. Idempotent. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#runTimer = this.#timers.setTimeout(() => this.#trip('timeout'), this.#limits.runTimeoutMs);
    if (this.#holds === 0) this.#armStall();
  }

  /** Native output arrived: the silence starts over. */
  activity(): void {
    if (this.#holds === 0) this.#armStall();
  }

  /** Something other than the model is being waited on; silence does not count until `release`. */
  hold(): void {
    this.#holds += 1;
    this.#timers.clearTimeout(this.#stallTimer);
  }

  /** One `hold` is over; when none is left, the silence starts over. */
  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    if (this.#holds === 0) this.#armStall();
  }

  /** Stops both clocks for good; idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#timers.clearTimeout(this.#runTimer);
    this.#timers.clearTimeout(this.#stallTimer);
  }

  #armStall(): void {
    if (!this.#started || this.#stopped) return;
    this.#timers.clearTimeout(this.#stallTimer);
    this.#stallTimer = this.#timers.setTimeout(
      () => this.#trip('stall_timeout'),
      this.#limits.stallTimeoutMs,
    );
  }

  #trip(trip: WatchdogTrip): void {
    if (this.#stopped) return;
    this.stop();
    this.#onTrip(trip);
  }
}
