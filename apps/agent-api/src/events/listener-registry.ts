import type { BusLog } from './bus-log.ts';
import type { RunEventNotice } from './event-bus.ts';

type Listener = (notice: RunEventNotice) => void;

/** The per-run listener table both buses share. */
export interface ListenerRegistry {
  /** Adds a listener; the returned function removes exactly this subscription (idempotent). */
  add(runId: string, listener: Listener): () => void;
  /** Calls every listener of the notice's run; one that throws is logged, the others still run. */
  deliver(notice: RunEventNotice): void;
  /** Runs with at least one listener. */
  runIds(): string[];
  /** True when the run has a listener (cheaper than `runIds().includes`). */
  has(runId: string): boolean;
  clear(): void;
}

export function createListenerRegistry(log: BusLog): ListenerRegistry {
  // One entry per subscription (not per function), so subscribing the same function twice
  // needs two unsubscribes, like any other pair of subscriptions.
  const byRun = new Map<string, Set<{ listener: Listener }>>();
  return {
    add(runId, listener) {
      const entry = { listener };
      let entries = byRun.get(runId);
      if (!entries) {
        entries = new Set();
        byRun.set(runId, entries);
      }
      entries.add(entry);
      return () => {
        const current = byRun.get(runId);
        if (!current?.delete(entry)) return;
        if (current.size === 0) byRun.delete(runId);
      };
    },
    deliver(notice) {
      const entries = byRun.get(notice.runId);
      if (!entries) return;
      // A copy: listeners may unsubscribe (themselves or others) while being called.
      for (const { listener } of [...entries]) {
        try {
          listener(notice);
        } catch (error) {
          log.error({ err: error, runId: notice.runId }, 'run event listener threw; it must not');
        }
      }
    },
    runIds: () => [...byRun.keys()],
    has: (runId) => byRun.has(runId),
    clear: () => byRun.clear(),
  };
}
