import type { ProviderCredentials } from './credentials.ts';

/**
 * What `checkEnvironment` and `listModels` get: enough to look, nothing to run. No run
 * ids, no prompt.
 */
export interface EnvironmentContext<Config = unknown> {
  /** The validated config of one agent, when checking for that agent; absent for the harness in general. */
  readonly config?: Config;
  /** Resolved provider credentials, to check a key is configured (never to print it). */
  readonly credentials: ProviderCredentials;
  /** Extra environment the harness's processes would get (see `RunContext.env`). */
  readonly env: Readonly<Record<string, string>>;
  /** Per-agent state directory, when checking for one agent. */
  readonly dataDir?: string;
  /** Aborts a slow check; the harness then resolves promptly with what it has. */
  readonly signal: AbortSignal;
}

/**
 * One finding a UI can show next to the harness: "Claude Code binary present", "no
 * Anthropic key configured", "Node 24 required".
 */
export interface EnvironmentDiagnostic {
  /** Stable kebab-case id of the check (`binary-present`, `anthropic-key`), for UIs and tests. */
  readonly id: string;
  /** `ok` passed; `warn` runs may work but something is off; `error` runs will fail. */
  readonly status: 'ok' | 'warn' | 'error';
  /** What was found, for a person; never contains a secret. */
  readonly message: string;
  /** What to do about a `warn` or `error`, when there is something to do. */
  readonly fix?: string;
}
