import { loadSandboxSettings } from '@lifeosai/sandbox';
import {
  createRunSandboxes,
  type PlatformEndpoint,
  type RunSandboxes,
} from '../orchestration/run-sandboxes.ts';

/**
 * Run sandboxes for tests and benchmarks that run real harnesses: bubblewrap as in
 * production (plain processes when the developer set `LIFEOSAI_SANDBOX=off`), with the given
 * loopback ports of the host (the fake LLM, fixture servers) reachable from inside, the way
 * an operator allows a local model server. No probe: the sandbox package's own tests cover it.
 * `platform`: as in the service, a `servedPlatform` the app serves once it listens, so a run's
 * platform requests are handled in process.
 */
export function testRunSandboxes(
  reachablePorts: ReadonlyArray<number>,
  platform: PlatformEndpoint,
): Promise<RunSandboxes> {
  const settings = loadSandboxSettings({
    ...process.env,
    LIFEOSAI_SANDBOX_ALLOW: reachablePorts.map((port) => `127.0.0.1:${port}`).join(','),
  });
  return createRunSandboxes({
    settings,
    platformMode: 'local',
    platform,
    decision: { isolation: settings.mode === 'off' ? 'none' : 'bubblewrap' },
  });
}
