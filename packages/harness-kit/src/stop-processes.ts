import { setTimeout as sleep } from 'node:timers/promises';

/** The two signals a stop sends: the polite one, then the one nobody can ignore. */
export type StopSignal = 'SIGTERM' | 'SIGKILL';

/** Sends `signal` to one process; a process already gone is not an error. */
export function signalProcess(pid: number, signal: StopSignal): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Sends `signal` to the process group `leaderPid` leads. Only while the leader lives (or its
 * exit was not yet reaped): afterwards the group id may belong to someone else.
 */
export function signalGroup(leaderPid: number, signal: StopSignal): void {
  try {
    process.kill(-leaderPid, signal);
  } catch {
    // The group is already gone.
  }
}

/** How to find and signal the processes of one launch. */
export interface StopPlan {
  /** Every live process of the launch, as this process sees pids. Contract: cheap enough to call every 10 ms. */
  members(): number[];
  /** Extra signalling beyond each member by pid (a process group, a namespace's init). Must not throw. */
  signalAll?(signal: StopSignal): void;
  /** Whether a pid seen earlier is gone. */
  isGone(pid: number): boolean;
  /** Members that must not get the polite SIGTERM (a namespace's init, whose exit ends all at once). */
  spareFromTerm?: ReadonlySet<number>;
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Latest moment (ms from the call) to stop waiting for processes to disappear; default 1800. */
  deadlineMs?: number;
}

/**
 * SIGTERM to every process of the launch, SIGKILL to whatever is left after the grace
 * period, then waits until every process ever seen is gone or the deadline passes (the
 * default fits in the 2 s a cancel promises). Never rejects.
 */
export async function stopProcesses(plan: StopPlan): Promise<void> {
  const started = performance.now();
  const deadline = plan.deadlineMs ?? 1800;
  const seen = new Set(plan.members());
  if (seen.size === 0) return;
  const gone = () => {
    for (const pid of plan.members()) seen.add(pid);
    return [...seen].every((pid) => plan.isGone(pid));
  };
  plan.signalAll?.('SIGTERM');
  for (const pid of seen) if (!plan.spareFromTerm?.has(pid)) signalProcess(pid, 'SIGTERM');
  while (!gone() && performance.now() - started < plan.graceMs) await sleep(20);
  // Repeated: a process may still have been starting others when the first SIGKILL went out.
  while (!gone() && performance.now() - started < deadline) {
    plan.signalAll?.('SIGKILL');
    for (const pid of seen) if (!plan.isGone(pid)) signalProcess(pid, 'SIGKILL');
    await sleep(10);
  }
}
