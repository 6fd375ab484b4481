/*
 * The contract between the host side of a sandbox and `sandbox-init.mjs`, the program that
 * starts first inside it. Kept apart so importing it never runs that program.
 */

/** What the host tells `sandbox-init.mjs` (JSON in `LIFEOSAI_SANDBOX_INIT`). */
export interface SandboxInitConfig {
  /** The egress Unix socket inside the sandbox. */
  readonly socket: string;
  /**
   * Loopback listeners: each passes its connections to the socket, either as they are
   * (the platform's port: the host's server reads the HTTP itself) or, with `tunnel`, after a
   * `CONNECT tunnel` handshake (an operator-allowed loopback service of the host).
   */
  readonly listen: ReadonlyArray<{ readonly host: string; readonly port: number; readonly tunnel?: string }>;
  /** The fd of the Node IPC channel to hand to the command as its fd 3, when there is one. */
  readonly channelFd?: number;
  /**
   * Variables for the command only, not for the init itself: `NODE_USE_ENV_PROXY` makes a Node
   * process load its HTTP client while it starts (~50 ms, ~60 ms of CPU), which the init never uses.
   */
  readonly commandEnv?: Readonly<Record<string, string>>;
}

/** The variable that carries it; the init removes it before the command starts. */
export { initConfigVariable } from './init-variable.mjs';
