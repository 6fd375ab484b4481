/**
 * An unbounded single-consumer queue between callbacks that produce (IPC messages, timers)
 * and the `for await` loop that consumes. Unbounded on purpose: a run's events are few
 * enough to buffer, and the producer (a child process) must never be blocked by a slow
 * consumer, or the watchdogs would misread its silence.
 */
export class EventQueue<Item> {
  readonly #items: Item[] = [];
  #closed = false;
  #wake: (() => void) | undefined;

  /** Appends an item; ignored once closed. */
  push(item: Item): void {
    if (this.#closed) return;
    this.#items.push(item);
    this.#wake?.();
  }

  /** No more items will come; the consumer drains what is queued, then stops. */
  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *drain(): AsyncGenerator<Item> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
