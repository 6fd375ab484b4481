import type { RunSandbox } from '@lifeosai/sandbox';
import { loadSandboxSettings, openRunSandbox } from '@lifeosai/sandbox';
import { freePort } from '@lifeosai/testkit/ports';
import { uniqueTestAgentId } from './test-context.ts';

/**
 * A sandbox for a harness's test runs, as the platform would open one: bubblewrap (unless
 * the developer set `LIFEOSAI_SANDBOX=off`), the agent's folders writable, and the given
 * loopback ports of the host (the fake LLM, fixture servers) reachable at the same address
 * inside — the way an operator allows a local model server.
 */
export async function openTestSandbox(
  directories: { cwd: string; dataDir: string; agentId?: string },
  reachablePorts: ReadonlyArray<number>,
  agentId = directories.agentId ?? uniqueTestAgentId(),
): Promise<RunSandbox> {
  const settings = loadSandboxSettings({
    ...process.env,
    LIFEOSAI_SANDBOX_ALLOW: reachablePorts.map((port) => `127.0.0.1:${port}`).join(','),
  });
  return openRunSandbox(
    {
      agentId,
      workspace: directories.cwd,
      stateDirectory: directories.dataDir,
      // No platform behind it in a harness test: a port nothing listens on.
      platformOrigin: `http://127.0.0.1:${await freePort()}`,
    },
    settings,
    settings.mode === 'off' ? 'none' : 'bubblewrap',
  );
}
