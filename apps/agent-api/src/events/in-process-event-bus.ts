import { type BusLog, consoleBusLog } from './bus-log.ts';
import type { EventBus } from './event-bus.ts';
import { createListenerRegistry } from './listener-registry.ts';

export interface InProcessEventBusOptions {
  /** Where a throwing listener is reported (default: the console). */
  log?: BusLog;
}

/**
 * Local mode's bus: one process executes runs and serves their streams, so a notice goes
 * straight to the listeners, synchronously, inside `publish`. Listeners only note the seq
 * and wake their reader (see the interface's contract), so the run's writer never waits
 * on a client.
 *
 * After `close()`, `publish` does nothing and `subscribe` returns a no-op: the events are in
 * the table regardless, and shutdown order between the writer and the bus does not matter.
 */
export function createInProcessEventBus(options: InProcessEventBusOptions = {}): EventBus {
  const listeners = createListenerRegistry(options.log ?? consoleBusLog);
  let closed = false;
  return {
    async publish(notice) {
      if (!closed) listeners.deliver(notice);
    },
    subscribe(runId, listener) {
      if (closed) return () => {};
      return listeners.add(runId, listener);
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
