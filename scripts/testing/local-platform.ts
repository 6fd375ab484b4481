import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The three API services of a local install, each its own `node apps/<x>/src/main.ts`, as `npm start` runs them. */
export interface LocalPlatform {
  gatewayUrl: string;
  /** Everything the services printed (for a failing test's message). */
  output(): string;
  /** SIGTERM to each (SIGKILL after 5 s); resolves once all have exited. */
  stop(): Promise<void>;
}

/**
 * Starts auth, agent-api and user-management side by side on the install's ports and waits for
 * each `/healthz`. The environment is only the install's: no provider key of the test runner.
 */
export async function startLocalPlatform(
  env: Record<string, string>,
  ports: { auth: number; agentApi: number; userManagement: number },
  /** Leave the Agent API out (`/api/agent/*` then answers 502): the slowest of the three to start. */
  options: { agentApi?: boolean } = {},
): Promise<LocalPlatform> {
  let log = '';
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };
  const services = (
    [
      ['auth', ports.auth],
      ['agent-api', ports.agentApi],
      ['user-management', ports.userManagement],
    ] as const
  ).filter(([name]) => name !== 'agent-api' || options.agentApi !== false);
  try {
    for (const [name] of services) {
      const child = spawn(process.execPath, [join(root, 'apps', name, 'src', 'main.ts')], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const append = (chunk: Buffer) => {
        log += `[${name}] ${chunk}`;
      };
      child.stdout!.on('data', append);
      child.stderr!.on('data', append);
      children.push(child);
    }
    const deadline = Date.now() + 60_000;
    for (const [index, [name, port]] of services.entries()) {
      for (;;) {
        if (children[index]!.exitCode !== null) throw new Error(`${name} exited at start:\n${log}`);
        const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
        if (healthy) break;
        if (Date.now() > deadline) throw new Error(`${name} did not become healthy:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: `http://127.0.0.1:${ports.userManagement}`, output: () => log, stop };
}
