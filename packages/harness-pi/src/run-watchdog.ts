/** Why a watchdog fired. */
export type WatchdogTrip = 'stall_timeout' | 'timeout';

/**
 * The two clocks a run is held to: silence (`stallTimeoutMs` without native output) and
 * total time (`runTimeoutMs`). Silence is not counted while the run legitimately waits on
 * something other than the model — startup, a person answering a permission request, a
 * tool running — which callers declare with `hold`/`release`.
 */
export class RunWatchdog {
  readonly #stallTimeoutMs: number;
  readonly #onTrip: (trip: WatchdogTrip) => void;
  readonly #runTimer: NodeJS.Timeout;
  #stallTimer: NodeJS.Timeout | undefined;
  #holds = 0;
  #stopped = false;

  constructor(
    limits: { stallTimeoutMs: number; runTimeoutMs: number },
    onTrip: (trip: WatchdogTrip) => void,
  ) {
    this.#stallTimeoutMs = limits.stallTimeoutMs;
    this.#onTrip = onTrip;
    this.#runTimer = setTimeout(() => this.#trip('timeout'), limits.runTimeoutMs);
    this.#armStall();
  }

  /** Native output arrived: the silence starts over. */
  activity(): void {
    if (this.#holds === 0) this.#armStall();
  }

  /** Something other than the model is being waited on; silence does not count until `release`. */
  hold(): void {
    this.#holds += 1;
    clearTimeout(this.#stallTimer);
  }

  /** One `hold` is over. */
  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    if (this.#holds === 0) this.#armStall();
  }

  /** Stops both clocks; idempotent. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#runTimer);
    clearTimeout(this.#stallTimer);
  }

  #armStall(): void {
    if (this.#stopped) return;
    clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => this.#trip('stall_timeout'), this.#stallTimeoutMs);
  }

  #trip(trip: WatchdogTrip): void {
    if (this.#stopped) return;
    this.stop();
    this.#onTrip(trip);
  }
}
