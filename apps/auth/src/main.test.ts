import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@lifeosai/testkit/ports';
import { afterEach, describe, expect, it } from 'vitest';

const mainFile = new URL('./main.ts', import.meta.url).pathname;

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [mainFile], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(url: string, exited: Promise<unknown>): Promise<Response> {
  let stopped = false;
  void exited.then(() => {
    stopped = true;
  });
  for (;;) {
    if (stopped) throw new Error('the service exited before it was healthy');
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('main.ts', () => {
  const children: ChildProcess[] = [];
  const homes: string[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  it('migrates, serves on loopback, keeps its generated secrets private, and stops on SIGTERM', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lifeosai-auth-main-'));
    homes.push(home);
    const port = await freePort();
    const service = startMain({ LIFEOSAI_HOME: home, LIFEOSAI_AUTH_PORT: String(port) });
    children.push(service.child);
    const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, service.exited);
    expect(await health.json()).toEqual({ status: 'ok', service: 'auth', version: '0.1.0' });
    expect(statSync(join(home, 'auth-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'service-secret')).mode & 0o777).toBe(0o600);

    const signUp = await fetch(`http://127.0.0.1:${port}/api/auth/sign-up/email`, {
      method: 'POST',
      // Node's fetch sends `Sec-Fetch-Mode: cors`, so better-auth wants the page's Origin, as from a browser.
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000' },
      body: JSON.stringify({
        name: 'Main',
        email: 'main@example.com',
        password: 'correct horse battery staple',
      }),
    });
    expect(signUp.status).toBe(200);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('names the setting to change when its port is in use', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lifeosai-auth-main-'));
    homes.push(home);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const service = startMain({ LIFEOSAI_HOME: home, LIFEOSAI_AUTH_PORT: String(port) });
      children.push(service.child);
      expect(await service.exited).toBe(1);
      expect(service.output()).toContain(
        `Auth service cannot start: port ${port} on 127.0.0.1 is in use. Set LIFEOSAI_AUTH_PORT (or ports.auth in config.json) to a free port.`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
