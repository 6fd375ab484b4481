import { type ChildProcess, fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const runnerPath = fileURLToPath(new URL('./runner.ts', import.meta.url));

/** What the runner's environment is made of. */
export interface RunnerEnvironmentInput {
  /** Per-agent state directory: the runner's HOME. */
  readonly dataDir: string;
  /** `RunContext.env`: extra variables for the run's processes. */
  readonly extra: Readonly<Record<string, string>>;
  /** The service's environment, read for PATH, LANG and TMPDIR only. */
  readonly base: NodeJS.ProcessEnv;
}

/**
 * The runner's whole environment, built from nothing: PATH, locale and temp dir from the
 * service, HOME pointing at the agent's data dir (so Pi's `~/.pi` is per agent), the run's
 * extra variables, and Pi's offline switches last so no run can turn them off. Never the
 * service's environment as a whole (it holds the platform's secrets), and no API key:
 * that travels over IPC so tool subprocesses do not inherit it.
 */
export function runnerEnvironment(input: RunnerEnvironmentInput): Record<string, string> {
  return {
    PATH: input.base.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: input.base.LANG ?? 'C.UTF-8',
    TMPDIR: input.base.TMPDIR ?? tmpdir(),
    ...input.extra,
    HOME: input.dataDir,
    PI_OFFLINE: '1',
    PI_TELEMETRY: '0',
  };
}

/**
 * Forks the runner: the same Node binary as the service (`process.execPath`, which runs
 * `.ts` by type stripping), no inherited exec flags, its own process group (`detached`, so
 * one group signal reaches its tree), stdout and stderr piped to the parent, IPC for
 * messages. Throws synchronously only when the OS refuses the spawn outright; most spawn
 * failures arrive as the child's `error` event.
 */
export function forkRunner(cwd: string, env: Record<string, string>): ChildProcess {
  return fork(runnerPath, [], {
    cwd,
    env,
    execPath: process.execPath,
    execArgv: [],
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
}
