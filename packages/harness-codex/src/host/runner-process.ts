import { fileURLToPath } from 'node:url';
import { runEnvironment } from '@lifeosai/harness-kit';
import type { LaunchedProcess, ProcessLauncher } from '@lifeosai/harness-spec';

const runnerPath = fileURLToPath(new URL('../runner/runner.ts', import.meta.url));

/** How to start the runner (a seam: tests start stand-ins through the same launcher). */
export interface RunnerCommand {
  readonly command: string;
  readonly args: ReadonlyArray<string>;
}

/** The runner program: the service's own Node, which runs `.ts` by type stripping. */
export const defaultRunner: RunnerCommand = { command: process.execPath, args: [runnerPath] };

/**
 * Starts the runner through the run's launcher (its sandbox) with an environment built from
 * nothing (the kit's `runEnvironment`: HOME is the agent's data dir). No key: it travels over
 * IPC and reaches the codex process alone. Throws only when the launcher refuses outright.
 */
export function launchRunner(
  launcher: ProcessLauncher,
  runner: RunnerCommand,
  input: { readonly cwd: string; readonly dataDir: string; readonly extra: Readonly<Record<string, string>> },
): LaunchedProcess {
  return launcher.spawn({
    command: runner.command,
    args: runner.args,
    cwd: input.cwd,
    env: runEnvironment({ base: process.env, extra: input.extra, home: input.dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
    ipc: true,
  });
}
