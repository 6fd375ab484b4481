import {
  decideIsolation,
  openRunSandbox,
  probeSandbox,
  type ReadOnlyFolders,
  type RunSandbox,
  type SandboxDecision,
  type SandboxProbe,
  type SandboxSettings,
} from '@lifeosai/sandbox';

/** Where this instance's runs execute. */
export interface RunSandboxes {
  /** Sandboxed or not, decided at start; with the warning to show when not. */
  readonly decision: SandboxDecision;
  /** Opens one run's sandbox over the agent's folders and its plugins' files (see `openRunSandbox`). */
  open(request: {
    agentId: string;
    workspace: string;
    stateDirectory: string;
    readOnly?: ReadOnlyFolders;
    /** The agent's concurrent-run limit: its runs share its user's process budget. */
    concurrentRuns?: number;
  }): Promise<RunSandbox>;
}

export interface RunSandboxesOptions {
  readonly settings: SandboxSettings;
  readonly platformMode: 'local' | 'cloud';
  /**
   * The Agent API's own origin as this service reaches it (`http://127.0.0.1:4000`): a run's
   * `/api/agent/…` and `/llm/…` requests go there. A function: tests learn their port late.
   */
  readonly platformOrigin: () => string;
  /** Told of every destination a run was refused, for the log. */
  readonly onEgressRefused?: (agentId: string, target: string, reason: string) => void;
  /** The decision already known (tests: no probe); probed at start when absent. */
  readonly decision?: SandboxDecision;
  /**
   * A probe of these settings already under way (local mode starts it while the services'
   * modules load, `scripts/local-services.ts`); used instead of probing again.
   */
  readonly probe?: Promise<SandboxProbe>;
}

/**
 * Decides once, at start, whether runs are sandboxed (probing bubblewrap unless switched
 * off): throws `SANDBOX_UNAVAILABLE` where runs must be sandboxed and cannot be (cloud mode,
 * `LIFEOSAI_SANDBOX=required`), so such an instance never executes a run unsandboxed.
 */
export async function createRunSandboxes(options: RunSandboxesOptions): Promise<RunSandboxes> {
  const decision =
    options.decision ??
    decideIsolation(
      options.settings,
      options.platformMode,
      options.settings.mode === 'off' ? undefined : await (options.probe ?? probeSandbox(options.settings)),
    );
  return {
    decision,
    open: (request) =>
      openRunSandbox(
        {
          ...request,
          platformOrigin: options.platformOrigin(),
          ...(options.onEgressRefused && {
            onEgressRefused: (target: string, reason: string) =>
              options.onEgressRefused?.(request.agentId, target, reason),
          }),
        },
        options.settings,
        decision.isolation,
      ),
  };
}

/**
 * The decision an instance that executes no run reports (role `api`): it probes nothing —
 * bubblewrap need not work where it runs — and says what its workers do. Split roles exist
 * only in cloud mode, where a worker refuses to start unless it sandboxes runs; so runs are
 * sandboxed unless the operator switched the sandbox off (`LIFEOSAI_SANDBOX=off`, which the
 * API instances then share with the workers).
 */
export function workersSandboxDecision(settings: SandboxSettings): SandboxDecision {
  return settings.mode === 'off'
    ? decideIsolation(settings, 'cloud', undefined)
    : { isolation: 'bubblewrap' };
}
