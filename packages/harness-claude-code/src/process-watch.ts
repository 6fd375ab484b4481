import type { SpawnedProcess, SpawnOptions } from '@anthropic-ai/claude-agent-sdk';
import type { OutputTail } from '@lifeosai/harness-kit';
import type { LaunchedProcess, ProcessLauncher } from '@lifeosai/harness-spec';

/**
 * The Claude Code process of one run, handed to the SDK as its `spawnClaudeCodeProcess` so
 * that the run's launcher — not the SDK — starts it and owns everything it starts.
 *
 * Why: the SDK stops the CLI politely (stdin EOF, ~2 s grace, then SIGTERM to the CLI
 * only), too slow for a 2 s cancel and blind to the CLI's own children (MCP servers, Bash
 * commands, what the agent backgrounded). The launcher's `stop` ends all of it.
 */
export class ClaudeProcess {
  readonly #launcher: ProcessLauncher;
  readonly #stderr: OutputTail;
  #launched: LaunchedProcess | undefined;
  #exited = false;
  #stopRequested = false;
  #exit: Promise<void> = Promise.resolve();
  /** The error `spawn` reported (binary missing, not executable), if any. */
  spawnError: Error | undefined;

  constructor(launcher: ProcessLauncher, stderr: OutputTail) {
    this.#launcher = launcher;
    this.#stderr = stderr;
  }

  /** For `Options.spawnClaudeCodeProcess`. Contract: called at most once per run. */
  readonly spawn = (options: SpawnOptions): SpawnedProcess => {
    const launched = this.#launcher.spawn({
      command: options.command,
      args: options.args,
      cwd: options.cwd ?? process.cwd(),
      env: Object.fromEntries(
        Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    });
    this.#launched = launched;
    const { child } = launched;
    this.#exit = new Promise<void>((resolve) => {
      const done = (): void => {
        this.#exited = true;
        resolve();
      };
      child.once('exit', done);
      child.once('error', (error) => {
        this.spawnError ??= error;
        if (child.pid === undefined) done();
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.#stderr.push(chunk));
    options.signal.addEventListener('abort', () => void this.stop(), { once: true });
    // A stop asked for before the SDK got round to spawning still applies.
    if (this.#stopRequested) void this.stop();
    return child as SpawnedProcess;
  };

  /** Resolves when the CLI has exited (at once if it never started). */
  exited(): Promise<void> {
    return this.#exit;
  }

  /** Whether the CLI has exited (or never started). */
  get hasExited(): boolean {
    return this.#exited || this.#launched === undefined;
  }

  /**
   * Stops the CLI and everything it started (see `LaunchedProcess.stop`). Never rejects;
   * safe to call repeatedly and after the CLI exited (it then clears leftovers).
   */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    await this.#launched?.stop();
  }
}
