/**
 * The proxied calls of each run whose usage is still being recorded, so the executor can
 * wait for them before it adds up the run (a harness may end a moment before the proxy has
 * stored the last call's usage). In-process: a run's calls reach the instance that executes
 * it (its proxy origin is that instance's own address).
 */
export interface UsageLedger {
  /** Adds a recording in flight; it leaves the ledger when it settles (failures included). */
  track(runId: string, recording: Promise<unknown>): void;
  /** Resolves once every recording of the run in flight now has settled, or after `timeoutMs`. */
  settle(runId: string, timeoutMs?: number): Promise<void>;
}

export function createUsageLedger(): UsageLedger {
  const inFlight = new Map<string, Set<Promise<unknown>>>();
  return {
    track(runId, recording) {
      const settled = recording.then(
        () => undefined,
        () => undefined,
      );
      const calls = inFlight.get(runId) ?? new Set();
      calls.add(settled);
      inFlight.set(runId, calls);
      void settled.then(() => {
        calls.delete(settled);
        if (calls.size === 0 && inFlight.get(runId) === calls) inFlight.delete(runId);
      });
    },
    async settle(runId, timeoutMs = 10_000) {
      const calls = inFlight.get(runId);
      if (!calls || calls.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const overdue = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all([...calls]), overdue]);
      clearTimeout(timer);
    },
  };
}
