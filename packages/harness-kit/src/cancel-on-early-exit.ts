/**
 * A run's events for its single consumer, as the `RunHandle` contract wants them: breaking
 * out of the loop early (or the consumer throwing) cancels the run, and the loop's exit waits
 * until `cancel` resolved, so the process tree is gone when the consumer moves on.
 */
export async function* cancelOnEarlyExit<Item>(
  events: AsyncIterable<Item>,
  cancel: (reason: string) => Promise<void>,
): AsyncGenerator<Item> {
  let drained = false;
  try {
    yield* events;
    drained = true;
  } finally {
    if (!drained) await cancel('the consumer stopped reading events');
  }
}
