/**
 * A FIFO lock for the single SQLite connection. Kysely hands a connection to one query or
 * one whole transaction at a time; without this, a second caller's statement would run
 * inside the first caller's open transaction (`node:sqlite` is one handle, not a pool).
 */
export class ConnectionMutex {
  #locked = false;
  #waiters: Array<() => void> = [];

  /** Resolves when the caller holds the lock. Contract: every lock() is followed by one unlock(). */
  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
