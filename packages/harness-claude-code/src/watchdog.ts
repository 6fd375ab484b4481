/**
 * Fires `onStall` when nothing happened for `timeoutMs`. Activity (`touch`) restarts the
 * count; a hold (a permission request waiting for a person, a platform tool working)
 * stops it, since that silence is not the CLI hanging.
 */
export class StallWatchdog {
  readonly #timeoutMs: number;
  readonly #onStall: () => void;
  #timer: NodeJS.Timeout | undefined;
  #holds = 0;
  #stopped = false;

  constructor(timeoutMs: number, onStall: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onStall = onStall;
  }

  /** Starts (or restarts) the count. */
  touch(): void {
    clearTimeout(this.#timer);
    if (this.#stopped || this.#holds > 0) return;
    this.#timer = setTimeout(() => {
      if (!this.#stopped) this.#onStall();
    }, this.#timeoutMs);
  }

  /** Pauses the count until every hold is released. */
  hold(): void {
    this.#holds += 1;
    clearTimeout(this.#timer);
  }

  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    if (this.#holds === 0) this.touch();
  }

  /** Stops for good. Idempotent. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
