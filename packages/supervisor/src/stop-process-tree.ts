import { descendantsOf, isStillRunning, type ProcessEntry, processesMarked } from './process-table.ts';

/** Options for `stopProcessTree`. */
export interface StopProcessTreeOptions {
  /** The service's process; it leads its own process group (spawned detached). */
  pid: number;
  /** Resolves once that process has exited. */
  exited: Promise<unknown>;
  /** Descendants seen earlier: ones that were orphaned since are no longer under `pid`. */
  known?: Iterable<ProcessEntry>;
  /** How long SIGTERM gets before SIGKILL. */
  graceMs: number;
  /** The environment mark every process of the service carries (`processesMarked`). */
  mark?: { name: string; value: string };
}

/**
 * SIGTERM to the process group, SIGKILL after the grace, then SIGKILL for every descendant
 * still running in any process group (a harness may have started its own), until /proc
 * shows none. The descendant list is taken before the first signal: once the leader exits
 * its children are re-parented and can no longer be found under it.
 */
export async function stopProcessTree(options: StopProcessTreeOptions): Promise<void> {
  const tracked = new Map<number, ProcessEntry>();
  const remember = (entries: Iterable<ProcessEntry>) => {
    for (const entry of entries) tracked.set(entry.pid, entry);
  };
  const marked = () => (options.mark ? processesMarked(options.mark.name, options.mark.value) : []);
  remember(options.known ?? []);
  remember(descendantsOf(options.pid));
  remember(marked());

  signalGroup(options.pid, 'SIGTERM');
  const graceOver = new Promise((resolve) => setTimeout(resolve, options.graceMs).unref());
  await Promise.race([options.exited, graceOver]);
  signalGroup(options.pid, 'SIGKILL');
  await options.exited;

  // Descendants in other process groups: give each the rest of the grace, then kill.
  const deadline = Date.now() + options.graceMs;
  for (;;) {
    for (const entry of [...tracked.values()]) remember(descendantsOf(entry.pid));
    remember(marked());
    const running = [...tracked.values()].filter(isStillRunning);
    if (running.length === 0) return;
    const signal = Date.now() < deadline ? 'SIGTERM' : 'SIGKILL';
    for (const entry of running) signalProcess(entry.pid, signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (Date.now() > deadline + 2000) return;
  }
}

function signalGroup(leaderPid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leaderPid, signal);
  } catch {
    // The group is already gone.
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
