import { loadSandboxSettings, type PlatformHandler } from '@lifeosai/sandbox';
import { createRunSandboxes, type RunSandboxes } from '../orchestration/run-sandboxes.ts';

export type { PlatformHandler };

/**
 * Run sandboxes for tests and benchmarks that run real harnesses: bubblewrap as in
 * production (plain processes when the developer set `LIFEOSAI_SANDBOX=off`), with the given
 * loopback ports of the host (the fake LLM, fixture servers) reachable from inside, the way
 * an operator allows a local model server. No probe: the sandbox package's own tests cover it.
 * `platformHandler`, as in the service: the app's `routing` once built, so a run's platform
 * requests are served in process (see `RunSandboxesOptions`).
 */
export function testRunSandboxes(
  reachablePorts: ReadonlyArray<number>,
  platformOrigin: () => string,
  platformHandler?: () => PlatformHandler | undefined,
): Promise<RunSandboxes> {
  const settings = loadSandboxSettings({
    ...process.env,
    LIFEOSAI_SANDBOX_ALLOW: reachablePorts.map((port) => `127.0.0.1:${port}`).join(','),
  });
  return createRunSandboxes({
    settings,
    platformMode: 'local',
    platformOrigin,
    ...(platformHandler && { platformHandler }),
    decision: { isolation: settings.mode === 'off' ? 'none' : 'bubblewrap' },
  });
}
