interface PendingTimer {
  readonly due: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when a test moves it, for code that takes its timers as a seam
 * (`RunContext.timers` of `@lifeosai/harness-spec`, say): a test puts the fault in place, then
 * `advance`s past the limit instead of waiting for it on the wall clock.
 *
 * `setTimeout`/`clearTimeout` behave as the real ones on this clock's time: a callback never
 * runs synchronously, runs at most once, and never after `clearTimeout`. Time starts at 0.
 */
export class ManualClock {
  #now = 0;
  #nextHandle = 1;
  readonly #timers = new Map<number, PendingTimer>();

  /** Milliseconds this clock has been advanced since it was made. */
  now(): number {
    return this.#now;
  }

  /** Schedules `callback` for `ms` from now (at the next `advance` when `ms` ≤ 0). */
  setTimeout(callback: () => void, ms: number): number {
    const handle = this.#nextHandle++;
    this.#timers.set(handle, { due: this.#now + Math.max(0, ms), callback });
    return handle;
  }

  /** Cancels a pending timer; anything else (undefined, fired, foreign) is ignored. */
  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.#timers.delete(handle);
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, running every timer that falls due, earliest first (ties in
   * the order they were set), at its own time — including timers those callbacks set within
   * the window. Returns how many ran. A callback that throws stops the advance and throws.
   */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance takes a duration of 0 ms or more, not ${ms}`);
    const until = this.#now + ms;
    let ran = 0;
    for (let next = this.#nextDue(until); next; next = this.#nextDue(until)) {
      const [handle, timer] = next;
      this.#timers.delete(handle);
      this.#now = timer.due;
      ran += 1;
      timer.callback();
    }
    this.#now = until;
    return ran;
  }

  #nextDue(until: number): [number, PendingTimer] | undefined {
    let earliest: [number, PendingTimer] | undefined;
    for (const entry of this.#timers) {
      // Map order is insertion order, so a strict comparison keeps ties in the order set.
      if (entry[1].due <= until && (!earliest || entry[1].due < earliest[1].due)) earliest = entry;
    }
    return earliest;
  }
}
