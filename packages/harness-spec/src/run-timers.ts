/**
 * The clock a harness holds a run's limits to (`RunContext.limits`: the stall and run
 * timeouts). The platform leaves it out and the harness uses the real timers; tests pass a
 * manual clock (`@lifeosai/testkit/manual-clock`) and move time themselves, so no test waits
 * on the wall clock to prove a timeout.
 *
 * Contract: `setTimeout` never calls `callback` synchronously; it calls it at most once, once
 * `ms` have passed on this clock, and never after `clearTimeout` with the handle it returned.
 * `clearTimeout` accepts `undefined` or a handle whose timer already fired, and does nothing.
 * Neither throws.
 */
export interface RunTimers {
  /** Calls `callback` once `ms` milliseconds have passed; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): RunTimerHandle;
  /** Cancels the timer, if it has not fired yet. */
  clearTimeout(handle: RunTimerHandle | undefined): void;
}

/** What `RunTimers.setTimeout` returns; opaque, only good for its own `clearTimeout`. */
export type RunTimerHandle = unknown;
