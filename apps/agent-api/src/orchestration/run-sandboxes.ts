import {
  decideIsolation,
  openRunSandbox,
  type PlatformHandler,
  probeSandbox,
  type ReadOnlyFolders,
  type RunSandbox,
  type SandboxDecision,
  type SandboxProbe,
  type SandboxSettings,
} from '@lifeosai/sandbox';

/** Where this instance's runs execute. */
export interface RunSandboxes {
  /**
   * Sandboxed or not, with the warning to show when not. Settled before the service starts
   * where the answer can refuse to start it (cloud mode, `LIFEOSAI_SANDBOX=required`); in local
   * mode with `auto` no answer stops the service, so it serves while the probe runs (~0.2 s of
   * a start) and what needs the answer waits for it. Never rejects once created.
   */
  readonly decision: Promise<SandboxDecision>;
  /**
   * Opens one run's sandbox over the agent's folders and its plugins' files (see
   * `openRunSandbox`), once the decision is made.
   */
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
  /** The Agent API as a run's sandbox reaches it (`servedPlatform`). */
  readonly platform: PlatformEndpoint;
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
 * The Agent API as a run's sandbox reaches it. `origin`: its own origin as this service reaches
 * it (`http://127.0.0.1:4000`); a run's `/api/agent/…` and `/llm/…` requests go there. `handler`:
 * its request handler (Fastify's `app.routing`) while it serves; a sandbox's egress then serves
 * those requests with it in this process rather than over a loopback connection to `origin` (one
 * socket hop less per streamed chunk). Functions: the answers change as the service comes up.
 */
export interface PlatformEndpoint {
  origin(): string;
  handler?(): PlatformHandler | undefined;
}

/** A platform endpoint the Agent API fills in once its app listens and takes back as it stops. */
export interface ServedPlatform extends Required<PlatformEndpoint> {
  /** The app listens (at `origin`, for an endpoint created without one): serve requests with it. */
  serve(app: { routing: PlatformHandler }, origin?: string): void;
  /**
   * The app begins to stop: requests go to its listener again, which is closing, so a run's
   * late request gets the egress's contract-shaped 502 rather than Fastify's own 503 body.
   */
  withdraw(): void;
}

/** An endpoint at `origin` (or one `serve` names later) with no handler until `serve`. */
export function servedPlatform(origin = ''): ServedPlatform {
  let at = origin;
  let handler: PlatformHandler | undefined;
  return {
    origin: () => at,
    handler: () => handler,
    serve(app, listening) {
      if (listening !== undefined) at = listening;
      handler = (request, response) => app.routing(request, response);
    },
    withdraw() {
      handler = undefined;
    },
  };
}

/**
 * Decides once whether runs are sandboxed (probing bubblewrap unless switched off): throws
 * `SANDBOX_UNAVAILABLE` where runs must be sandboxed and cannot be (cloud mode,
 * `LIFEOSAI_SANDBOX=required`), so such an instance never executes a run unsandboxed. Where
 * no answer refuses (local mode, `auto` or `off`), it returns at once and decides meanwhile.
 */
export async function createRunSandboxes(options: RunSandboxesOptions): Promise<RunSandboxes> {
  const { settings, platformMode, platform } = options;
  const decision = options.decision
    ? Promise.resolve(options.decision)
    : (async () =>
        decideIsolation(
          settings,
          platformMode,
          settings.mode === 'off' ? undefined : await (options.probe ?? probeSandbox(settings)),
        ))();
  const mayRefuse = platformMode === 'cloud' || settings.mode === 'required';
  // Where it may refuse, the start fails with it. Elsewhere decideIsolation cannot throw and the
  // probe resolves with what went wrong (see probeSandbox), so the promise never rejects.
  if (mayRefuse) await decision;
  return {
    decision,
    open: async (request) =>
      openRunSandbox(
        {
          ...request,
          platformOrigin: platform.origin(),
          ...(platform.handler && { platformHandler: () => platform.handler?.() }),
          ...(options.onEgressRefused && {
            onEgressRefused: (target: string, reason: string) =>
              options.onEgressRefused?.(request.agentId, target, reason),
          }),
        },
        settings,
        (await decision).isolation,
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
