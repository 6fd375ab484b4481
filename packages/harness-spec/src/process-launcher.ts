import type { ChildProcess } from 'node:child_process';

/**
 * One process to start for a run. Shaped like `child_process.spawn`'s arguments, minus
 * everything the launcher decides itself (process group, user, namespaces, limits).
 */
export interface LaunchRequest {
  /** Absolute path of the program (or a name found on the launcher's `PATH`). */
  readonly command: string;
  /** Arguments; never secrets (argv is visible to every process that can see this one). */
  readonly args: ReadonlyArray<string>;
  /** Working directory: the run's workspace or a folder inside the agent's directories. */
  readonly cwd: string;
  /**
   * The process's whole environment, built by the harness from nothing (see
   * `RunContext.env`). The launcher may add variables of its own (proxy settings, a run
   * tag) and sets `HOME`/`TMPDIR` only where the harness did not.
   */
  readonly env: Readonly<Record<string, string>>;
  /** stdin, stdout, stderr: `pipe` (default) or `ignore`. */
  readonly stdio?: readonly ['pipe' | 'ignore', 'pipe' | 'ignore', 'pipe' | 'ignore'];
  /** Opens a Node IPC channel (as `fork` does): the child can `process.send`. */
  readonly ipc?: boolean;
}

/**
 * Variables a sandboxing launcher adds to a process's environment so that a client which can
 * choose how it connects (a runner of ours) reaches the platform without the sandbox's relay:
 * requests for `origin` (the platform's address inside the sandbox, e.g. `http://127.0.0.1:4000`)
 * may go over the Unix socket at `socket` instead, where the same egress server answers them
 * (ADR 0032). Every other process keeps using the address; nothing it could not reach before
 * becomes reachable (the socket is already in the sandbox: its init connects to it).
 */
export const platformSocketVariables = {
  socket: 'LIFEOSAI_PLATFORM_SOCKET',
  origin: 'LIFEOSAI_PLATFORM_ORIGIN',
} as const;

/** A process started through a launcher, and everything it starts in turn. */
export interface LaunchedProcess {
  /**
   * The process to talk to: its stdio, IPC channel, `exit` and `error` events and exit
   * code are the command's. Its `pid` may belong to a wrapper (the sandbox), so never
   * signal it directly: call `stop`.
   */
  readonly child: ChildProcess;
  /**
   * Ends the command and every process it started (backgrounded ones included): SIGTERM,
   * then SIGKILL after `graceMs` (default 700), and resolves once none of them is left, or
   * at the latest ~2 s after the call. Contract: never rejects; idempotent; safe to call
   * before the process started or after it exited (it then clears what is left).
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * How a harness starts processes for a run. The platform hands one to each run in
 * `RunContext.launcher`; every process a harness starts for the run goes through it, so the
 * platform alone decides where run processes live (a bubblewrap sandbox with its own mount,
 * PID, IPC and network namespaces, a non-root user and limits — or, when the operator
 * switched the sandbox off, a plain process group).
 *
 * Why a launcher and not a flag: isolation, limits, egress and the clean-up of a process
 * tree are the same for every harness; written once here they cannot drift between
 * adapters, and a new harness gets all of it by calling `spawn`.
 */
export interface ProcessLauncher {
  /** `bubblewrap` when processes run sandboxed; `none` when the sandbox is switched off. */
  readonly isolation: 'bubblewrap' | 'none';
  /**
   * Starts a process. Contract: synchronous; never throws for runtime failures (a program
   * that cannot start reports `error`/`exit` on `child`, as `spawn` does); throws only for
   * programmer mistakes (a relative `cwd`, a `cwd` outside the run's directories).
   */
  spawn(request: LaunchRequest): LaunchedProcess;
}
