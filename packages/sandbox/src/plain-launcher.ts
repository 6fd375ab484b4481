import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  descendantsOf,
  groupMembers,
  isAlive,
  liveProcesses,
  processesTagged,
  signalGroup,
  stopProcesses,
} from '@lifeosai/harness-kit';
import type { LaunchedProcess, LaunchRequest, ProcessLauncher } from '@lifeosai/harness-spec';

/** Environment variable that tags every process of one launch (see `processesTagged`). */
export const launchTagVariable = 'LIFEOSAI_RUN_TAG';

/**
 * The launcher when the sandbox is switched off (`LIFEOSAI_SANDBOX=off`): plain processes
 * as the service's user, each command leading its own process group. Without a PID
 * namespace, finding everything a command started takes three nets: its process group (what
 * it started, even once orphaned), its tree (what left the group with `setsid`) and a tag in
 * the environment (what left both — a command the agent backgrounded in a new session
 * whose shell then exited). A process that also scrubbed its environment escapes; only the
 * sandbox closes that gap.
 */
export function createPlainLauncher(): ProcessLauncher {
  return {
    isolation: 'none',
    spawn: (request) => launchPlain(request),
  };
}

function launchPlain(request: LaunchRequest): LaunchedProcess {
  const tag = randomBytes(9).toString('base64url');
  const [stdin = 'pipe', stdout = 'pipe', stderr = 'pipe'] = request.stdio ?? [];
  const child = spawn(request.command, [...request.args], {
    cwd: request.cwd,
    env: { ...request.env, [launchTagVariable]: tag },
    stdio: request.ipc ? [stdin, stdout, stderr, 'ipc'] : [stdin, stdout, stderr],
    ...(request.ipc && { serialization: 'json' as const }),
    detached: true,
    windowsHide: true,
  });
  const members = (): number[] => {
    const pid = child.pid;
    if (pid === undefined) return [];
    const table = liveProcesses();
    const exited = child.exitCode !== null || child.signalCode !== null;
    // Once the command exited its pid may be reused, so its tree is no longer followed.
    const tree = exited ? [] : descendantsOf(pid, table).map((entry) => entry.pid);
    const family = new Set([
      ...groupMembers(pid, table),
      ...tree,
      ...processesTagged(launchTagVariable, tag).map((entry) => entry.pid),
    ]);
    if (!exited) family.add(pid);
    family.delete(process.pid);
    return [...family];
  };
  let stopping: Promise<void> | undefined;
  return {
    child,
    stop(graceMs = 700) {
      const run = async () => {
        await stopProcesses({
          members,
          graceMs,
          signalAll: (name) => {
            const pid = child.pid;
            // The group by its id while the leader lives (afterwards the id may be reused).
            if (pid !== undefined && child.exitCode === null && child.signalCode === null)
              signalGroup(pid, name);
          },
          isGone: (pid) => !isAlive(pid),
        });
      };
      // A later call after a finished stop looks again (something may have been left since).
      const current = stopping ?? Promise.resolve();
      stopping = current.then(run);
      return stopping;
    },
  };
}
