/**
 * An unbounded single-consumer queue between producers that push as things happen (an SDK
 * loop, a permission hook, IPC messages from a runner process, watchdog timers) and the one
 * `for await` loop that consumes a run's events. Every harness adapter has this seam.
 *
 * Unbounded on purpose: a run's events are small and end with the run, and a producer must
 * never be blocked by a slow consumer — back-pressure would have to reach into an SDK's
 * iterator, and a child process held back would look silent to the stall watchdog.
 */
export class EventQueue<Item> implements AsyncIterable<Item> {
  readonly #items: Item[] = [];
  #closed = false;
  #wake: (() => void) | undefined;

  /** Queues an item. Contract: ignored after `close()`; never throws. */
  push(item: Item): void {
    if (this.#closed) return;
    this.#items.push(item);
    this.#wake?.();
  }

  /** Ends the stream once the queued items are drained. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    while (true) {
      const next = this.#items.shift();
      if (next !== undefined) {
        yield next;
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
