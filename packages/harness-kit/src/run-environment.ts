import { tmpdir } from 'node:os';

/** What a run process's environment is made of. */
export interface RunEnvironmentInput {
  /** The service's environment, read for PATH, LANG and TMPDIR only. */
  readonly base: NodeJS.ProcessEnv;
  /** `RunContext.env`: the run's extra variables, secrets already resolved. */
  readonly extra: Readonly<Record<string, string>>;
  /** The agent's data directory: the process's HOME, so nothing reads or writes the service user's home. */
  readonly home: string;
}

/**
 * The environment a harness process starts from, built from nothing: PATH, locale and temp
 * dir from the service, the run's extra variables, HOME last so no run can move it. Never the
 * service's environment as a whole: it holds the platform's own secrets, and an agent can
 * print its environment with one tool call. Adapters add their runtime's switches after it.
 */
export function runEnvironment(input: RunEnvironmentInput): Record<string, string> {
  return {
    PATH: input.base.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: input.base.LANG ?? 'C.UTF-8',
    TMPDIR: input.base.TMPDIR ?? tmpdir(),
    ...input.extra,
    HOME: input.home,
  };
}
