import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@lifeosai/testkit/ports';

/** The repository root and the web app folder. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const webRoot = join(repoRoot, 'apps/web');

export interface Platform {
  home: string;
  webUrl: string;
  gatewayUrl: string;
  /** The auth service's own origin (better-auth, `/internal/*`). */
  authUrl: string;
  /** The Agent API's own origin. */
  agentApiUrl: string;
  output(): string;
  stop(): Promise<void>;
}

interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

async function waitHealthy(url: string, proc: Proc, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited at start:\n${output()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${proc.name} did not become healthy:\n${output()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Starts auth, agent-api, user-management and the built web app (each `node apps/<x>/src/main.ts`),
 * on free loopback ports with a temporary LIFEOSAI_HOME.
 */
export async function startPlatform(options: {
  llmUrl: string;
  /** Environment for every service. */
  extraEnv?: Record<string, string>;
  /** Environment for the Agent API only (a fake network's address: `TELEGRAM_API_ROOT`). */
  agentApiEnv?: Record<string, string>;
  /** `$LIFEOSAI_HOME/config.json` for every service (billing `plans`, `oauthProviders`), written before they start. */
  config?: Record<string, unknown>;
  web?: boolean;
}): Promise<Platform> {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-web-e2e-'));
  if (options.config) writeFileSync(join(home, 'config.json'), JSON.stringify(options.config));
  const [web, um, auth, agentApi] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? home,
    LIFEOSAI_MODE: 'local',
    LIFEOSAI_HOME: home,
    LIFEOSAI_HOST: '127.0.0.1',
    LIFEOSAI_WEB_PORT: String(web),
    LIFEOSAI_USER_MANAGEMENT_PORT: String(um),
    LIFEOSAI_AUTH_PORT: String(auth),
    LIFEOSAI_AGENT_API_PORT: String(agentApi),
    LIFEOSAI_PUBLIC_URL: `http://127.0.0.1:${web}`,
    LOG_LEVEL: 'warn',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    PI_OFFLINE: '1',
    PI_TELEMETRY: '0',
    NEXT_TELEMETRY_DISABLED: '1',
    // The fake LLM plays a model server on this machine, which users point their providers at
    // in onboarding; an operator allows such a server by its address, as the README says.
    LIFEOSAI_SANDBOX_ALLOW: new URL(options.llmUrl).host,
    ...options.extraEnv,
  };
  // As the supervisor does: provider keys reach the Agent API (its LLM proxy) and nothing else.
  const providerEnv: Record<string, string> = {
    ANTHROPIC_BASE_URL: options.llmUrl,
    ANTHROPIC_API_KEY: 'test',
    OPENAI_BASE_URL: `${options.llmUrl}/v1`,
    OPENAI_API_KEY: 'test',
  };
  let log = '';
  const procs: Proc[] = [];
  const start = (name: string, args: string[], cwd: string, extra: Record<string, string> = {}): Proc => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const append = (chunk: Buffer) => {
      log += `[${name}] ${chunk}`;
      if (log.length > 200_000) log = log.slice(-100_000);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const proc = { name, child, exited };
    procs.push(proc);
    return proc;
  };
  const output = () => log;
  const stop = async () => {
    for (const proc of [...procs].reverse()) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        try {
          process.kill(-proc.child.pid!, 'SIGTERM');
        } catch {
          proc.child.kill('SIGTERM');
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-proc.child.pid!, 'SIGKILL');
          } catch {}
        }, 5000);
        await proc.exited;
        clearTimeout(timer);
      }
    }
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const authProc = start('auth', ['apps/auth/src/main.ts'], repoRoot);
    await waitHealthy(`http://127.0.0.1:${auth}`, authProc, output);
    const agentProc = start('agent-api', ['apps/agent-api/src/main.ts'], repoRoot, {
      ...providerEnv,
      ...options.agentApiEnv,
    });
    const umProc = start('user-management', ['apps/user-management/src/main.ts'], repoRoot);
    await waitHealthy(`http://127.0.0.1:${um}`, umProc, output);
    await waitHealthy(`http://127.0.0.1:${agentApi}`, agentProc, output);
    if (options.web !== false) {
      const webProc = start('web', ['apps/web/src/main.ts'], repoRoot);
      await waitHealthy(`http://127.0.0.1:${web}`, webProc, output);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    home,
    webUrl: `http://127.0.0.1:${web}`,
    gatewayUrl: `http://127.0.0.1:${um}`,
    authUrl: `http://127.0.0.1:${auth}`,
    agentApiUrl: `http://127.0.0.1:${agentApi}`,
    output,
    stop,
  };
}
