import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@lifeosai/testkit/ports';

/** A local-mode install for a maintenance command: its own home and four free ports. */
export interface TestInstall {
  home: string;
  /** The environment the command (and any service of this install) runs with. */
  env: Record<string, string>;
  ports: { web: number; userManagement: number; auth: number; agentApi: number };
}

export async function testInstall(extra: Record<string, string> = {}): Promise<TestInstall> {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-maintenance-'));
  const ports = {
    web: await freePort(),
    userManagement: await freePort(),
    auth: await freePort(),
    agentApi: await freePort(),
  };
  return {
    home,
    ports,
    env: {
      LIFEOSAI_HOME: home,
      LIFEOSAI_MODE: 'local',
      LIFEOSAI_WEB_PORT: String(ports.web),
      LIFEOSAI_USER_MANAGEMENT_PORT: String(ports.userManagement),
      LIFEOSAI_AUTH_PORT: String(ports.auth),
      LIFEOSAI_AGENT_API_PORT: String(ports.agentApi),
      LOG_LEVEL: 'warn',
      ...extra,
    },
  };
}

/** Runs `scripts/<script>` as `npm run …` would (Node 24, the repository as cwd), stdout and stderr together. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const root = join(import.meta.dirname, '..', '..');
  // Only what the command needs: PATH for `id`/`useradd`, never the test runner's provider keys.
  const child = spawn(process.execPath, [join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
