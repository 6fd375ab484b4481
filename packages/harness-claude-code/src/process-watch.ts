import { type ChildProcess, spawn } from 'node:child_process';
import type { SpawnedProcess, SpawnOptions } from '@anthropic-ai/claude-agent-sdk';
import { processesOf, processesTagged, readProc } from './proc-table.ts';
import type { StderrTail } from './stderr-tail.ts';

/** Environment variable that tags every process of a run (see `processesTagged`). */
export const RUN_TAG_VARIABLE = 'LIFEOSAI_RUN_TAG';

/** How long a polite SIGTERM gets before SIGKILL; the whole stop must fit in 2 s. */
const TERM_GRACE_MS = 700;
/** How long to wait for killed processes to leave the process table. */
const GONE_WAIT_MS = 800;

/**
 * The Claude Code process of one run and everything it starts, handed to the SDK as its
 * `spawnClaudeCodeProcess` so the adapter — not the SDK — owns the process tree.
 *
 * Why: the SDK stops the CLI politely (stdin EOF, ~2 s grace, then SIGTERM to the CLI
 * only), too slow for a 2 s cancel and blind to the CLI's own children (MCP servers, Bash
 * commands). Started detached, the CLI leads its own process group, so one signal reaches
 * the tree; a `/proc` walk catches any process that left the group, and the run's tag in
 * the environment catches what left the tree.
 */
export class ClaudeProcess {
  readonly #stderr: StderrTail;
  readonly #tag: string;
  #child: ChildProcess | undefined;
  #exited = false;
  #stopRequested = false;
  #exit: Promise<void> = Promise.resolve();
  /** The error `spawn` reported (binary missing, not executable), if any. */
  spawnError: Error | undefined;

  /** `tag` must also be the value of `RUN_TAG_VARIABLE` in the environment the CLI gets. */
  constructor(stderr: StderrTail, tag: string) {
    this.#stderr = stderr;
    this.#tag = tag;
  }

  /** For `Options.spawnClaudeCodeProcess`. Contract: called at most once per run. */
  readonly spawn = (options: SpawnOptions): SpawnedProcess => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    this.#child = child;
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
    child.stderr?.on('data', (chunk: string) => this.#stderr.append(chunk));
    // The SDK's own stop (after its grace period) reaches the whole group too.
    child.kill = (name?: NodeJS.Signals | number) => {
      if (child.pid !== undefined) this.#signalGroup(child.pid, name ?? 'SIGTERM');
      return true;
    };
    options.signal.addEventListener('abort', () => void this.stop(), { once: true });
    // A stop asked for before the SDK got round to spawning still applies.
    if (this.#stopRequested) void this.stop();
    return child as SpawnedProcess;
  };

  /** Resolves when the CLI has exited (at once if it never started). */
  exited(): Promise<void> {
    return this.#exit;
  }

  /**
   * Stops the CLI and everything it started: SIGTERM to the group, SIGKILL to whatever is
   * left after a short grace, then waits until the processes are gone. Never rejects;
   * safe to call repeatedly and after the CLI exited (it then clears leftovers).
   */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    const seen = new Set(this.#others(pid));
    if (!this.#exited) {
      this.#signalGroup(pid, 'SIGTERM');
      for (const other of seen) signal(other, 'SIGTERM');
      await Promise.race([this.#exit, delay(TERM_GRACE_MS)]);
      if (!this.#exited) this.#signalGroup(pid, 'SIGKILL');
    }
    for (const other of this.#others(pid)) seen.add(other);
    for (const other of seen) signal(other, 'SIGKILL');
    await Promise.race([this.#exit, delay(GONE_WAIT_MS)]);
    await waitGone([...seen], GONE_WAIT_MS);
  }

  /**
   * The run's processes other than the CLI: its group, its tree while it lives (once it is
   * gone its pid may be reused, so the tree walk stops), and every process with the tag.
   */
  #others(pid: number): number[] {
    const family = processesOf(this.#exited ? undefined : pid, pid);
    const tagged = processesTagged(RUN_TAG_VARIABLE, this.#tag);
    return [...new Set([...family, ...tagged])].filter((other) => other !== pid);
  }

  /** Signals the CLI's process group; only while the CLI lives, so the id is still its own. */
  #signalGroup(pid: number, name: NodeJS.Signals | number): void {
    if (this.#exited) return;
    try {
      process.kill(-pid, name);
    } catch {
      // ESRCH: already gone.
    }
  }
}

function signal(pid: number, name: NodeJS.Signals | number): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Polls until none of `pids` is in the process table (zombies included), or time runs out. */
async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some((pid) => readProc(pid) !== undefined) && Date.now() < deadline) await delay(20);
}
