import { setTimeout as sleep } from 'node:timers/promises';

/** How to find and signal the processes of one launch. */
export interface StopPlan {
  /** Every live process of the launch, as this process sees pids. */
  members(): number[];
  /** Extra signalling beyond each member by pid (a process group, a namespace's init). */
  signalAll?(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Whether a pid seen earlier is gone (zombies count as present). */
  isGone(pid: number): boolean;
  /** Members that must not get the polite SIGTERM (a namespace's init, whose exit ends all at once). */
  spareFromTerm?: ReadonlySet<number>;
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Latest moment (ms from the call) to stop waiting for processes to disappear. */
  deadlineMs?: number;
}

function signal(pid: number, name: 'SIGTERM' | 'SIGKILL'): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * SIGTERM to every process of the launch, SIGKILL to whatever is left after the grace
 * period, then waits until every process ever seen is gone or the deadline passes (the
 * whole stop fits in the 2 s a cancel promises). Never rejects.
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
  for (const pid of seen) if (!plan.spareFromTerm?.has(pid)) signal(pid, 'SIGTERM');
  while (!gone() && performance.now() - started < plan.graceMs) await sleep(20);
  // Repeated: a process may still have been starting others when the first SIGKILL went out.
  while (!gone() && performance.now() - started < deadline) {
    plan.signalAll?.('SIGKILL');
    for (const pid of seen) if (!plan.isGone(pid)) signal(pid, 'SIGKILL');
    await sleep(10);
  }
}
