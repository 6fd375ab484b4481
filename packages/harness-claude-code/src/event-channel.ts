/**
 * An unbounded single-consumer queue with an async iterator. Several producers (the SDK
 * loop, the permission hook, the final result) push in the order things happen; the run's
 * `events` iterable drains it.
 *
 * Why unbounded: the producers are driven by the CLI's own pace, and back-pressure would
 * have to reach into the SDK's iterator; a run's events are small and end with the run.
 */
export class EventChannel<Item> implements AsyncIterable<Item> {
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
