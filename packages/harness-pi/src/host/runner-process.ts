import { fileURLToPath } from 'node:url';
import { runEnvironment } from '@lifeosai/harness-kit';
import type { LaunchedProcess, ProcessLauncher } from '@lifeosai/harness-spec';

const runnerPath = fileURLToPath(new URL('../runner/runner.ts', import.meta.url));

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
 * The runner's whole environment: the kit's `runEnvironment` (built from nothing; HOME is the
 * agent's data dir, so Pi's `~/.pi` is per agent) and Pi's offline switches last, so no run can
 * turn them off. No API key: that travels over IPC so tool subprocesses do not inherit it.
 */
export function runnerEnvironment(input: RunnerEnvironmentInput): Record<string, string> {
  return {
    ...runEnvironment({ base: input.base, extra: input.extra, home: input.dataDir }),
    PI_OFFLINE: '1',
    PI_TELEMETRY: '0',
  };
}

/** The runner program: the same Node binary as the service (it runs `.ts` by type stripping). */
export const defaultRunner: RunnerCommand = { command: process.execPath, args: [runnerPath] };

/** How to start the runner (a seam: tests start stand-ins through the same launcher). */
export interface RunnerCommand {
  readonly command: string;
  readonly args: ReadonlyArray<string>;
}

/**
 * Starts the runner through the run's launcher (its sandbox): no inherited exec flags,
 * stdout and stderr piped to the parent, a Node IPC channel for messages. Throws only when
 * the launcher refuses outright; most start failures arrive as the child's `error` event.
 */
export function launchRunner(
  launcher: ProcessLauncher,
  runner: RunnerCommand,
  cwd: string,
  env: Record<string, string>,
): LaunchedProcess {
  return launcher.spawn({
    command: runner.command,
    args: runner.args,
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ipc: true,
  });
}
