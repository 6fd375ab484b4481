import { type BusLog, consoleBusLog } from './bus-log.ts';
import {
  createCommandListeners,
  createRunActivityListeners,
  createSignalListeners,
} from './command-listeners.ts';
import type { EventBus } from './event-bus.ts';
import { createListenerRegistry } from './listener-registry.ts';

export interface InProcessEventBusOptions {
  /** Where a throwing listener is reported (default: the console). */
  log?: BusLog;
}

/**
 * Local mode's bus: one process executes runs and serves their streams, so a notice goes
 * straight to the listeners, synchronously, inside `publish` — its rows with it, always
 * (no size limit in memory), so a follower's reader never reads what was just written. Listeners only note the seq
 * and wake their reader (see the interface's contract), so the run's writer never waits
 * on a client.
 *
 * Commands reach this process's command listeners the same way: the one instance executes
 * every run.
 *
 * After `close()`, `publish` and `sendCommand` do nothing and `subscribe`/`onCommand` return
 * a no-op: the events are in the table regardless, and shutdown order between the writer
 * and the bus does not matter.
 */
export function createInProcessEventBus(options: InProcessEventBusOptions = {}): EventBus {
  const log = options.log ?? consoleBusLog;
  const listeners = createListenerRegistry(log);
  const commandListeners = createCommandListeners(log);
  const signalListeners = createSignalListeners(log);
  const activityListeners = createRunActivityListeners(log);
  let closed = false;
  return {
    async publish(notice) {
      if (closed) return;
      listeners.deliver(notice);
      activityListeners.deliver(notice.runId);
    },
    subscribe(runId, listener) {
      if (closed) return () => {};
      return listeners.add(runId, listener);
    },
    onRunActivity(listener) {
      if (closed) return () => {};
      return activityListeners.add(listener);
    },
    async sendCommand(command) {
      if (!closed) commandListeners.deliver(command);
    },
    onCommand(listener) {
      if (closed) return () => {};
      return commandListeners.add(listener);
    },
    async signal(signal) {
      if (!closed) signalListeners.deliver(signal);
    },
    onSignal(listener) {
      if (closed) return () => {};
      return signalListeners.add(listener);
    },
    async close() {
      closed = true;
      signalListeners.clear();
      activityListeners.clear();
      listeners.clear();
      commandListeners.clear();
    },
  };
}
