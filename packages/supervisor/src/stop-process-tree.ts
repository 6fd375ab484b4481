import {
  descendantsOf,
  isStillRunning,
  type ProcEntry,
  processesTagged,
  signalGroup,
  stopProcesses,
} from '@lifeosai/harness-kit/processes';

/** Options for `stopProcessTree`. */
export interface StopProcessTreeOptions {
  /** The service's process; it leads its own process group (spawned detached). */
  pid: number;
  /** Resolves once that process has exited. */
  exited: Promise<unknown>;
  /** Descendants seen earlier: ones that were orphaned since are no longer under `pid`. */
  known?: Iterable<ProcEntry>;
  /** How long SIGTERM gets before SIGKILL. */
  graceMs: number;
  /** The environment mark every process of the service carries (`processesTagged`). */
  mark?: { name: string; value: string };
}

/**
 * SIGTERM to the process group, SIGKILL after the grace, then every descendant still running
 * in any process group (a harness may have started its own) gets the kit's tree kill, until
 * /proc shows none. The service goes first, alone, so it can end its own work in order; the
 * descendant list is taken before the first signal: once the leader exits its children are
 * re-parented and can no longer be found under it.
 */
export async function stopProcessTree(options: StopProcessTreeOptions): Promise<void> {
  const tracked = new Map<number, ProcEntry>();
  const remember = (entries: Iterable<ProcEntry>) => {
    for (const entry of entries) tracked.set(entry.pid, entry);
  };
  const marked = () => (options.mark ? processesTagged(options.mark.name, options.mark.value) : []);
  remember(options.known ?? []);
  remember(descendantsOf(options.pid));
  remember(marked());

  signalGroup(options.pid, 'SIGTERM');
  const graceOver = new Promise((resolve) => setTimeout(resolve, options.graceMs).unref());
  await Promise.race([options.exited, graceOver]);
  signalGroup(options.pid, 'SIGKILL');
  await options.exited;

  // Descendants in other process groups: the rest of the grace, then SIGKILL until gone.
  await stopProcesses({
    members: () => {
      for (const entry of [...tracked.values()]) remember(descendantsOf(entry.pid));
      remember(marked());
      return [...tracked.values()].filter(isStillRunning).map((entry) => entry.pid);
    },
    // By start time too: a pid seen earlier may since belong to someone else.
    isGone: (pid) => {
      const entry = tracked.get(pid);
      return entry === undefined || !isStillRunning(entry);
    },
    graceMs: options.graceMs,
    deadlineMs: options.graceMs + 2000,
  });
}
