import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { descendantsOf, readProcess } from './process-table.ts';

const root = join(import.meta.dirname, '..', '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('npm start runs the platform until SIGINT, then leaves no process behind', {
  timeout: 60_000,
}, async () => {
  const ports = {
    web: await freePort(),
    um: await freePort(),
    auth: await freePort(),
    agent: await freePort(),
  };
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.ts'), '--no-build'], {
    cwd: root,
    env: {
      ...process.env,
      LIFEOSAI_HOME: mkdtempSync(join(tmpdir(), 'lifeosai-start-')),
      LIFEOSAI_MODE: 'local',
      LIFEOSAI_WEB_PORT: String(ports.web),
      LIFEOSAI_USER_MANAGEMENT_PORT: String(ports.um),
      LIFEOSAI_AUTH_PORT: String(ports.auth),
      LIFEOSAI_AGENT_API_PORT: String(ports.agent),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 45_000;
    while (!/LIFEOSAI is ready in/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const withWeb = /open http:\/\/127\.0\.0\.1:\d+/.test(output);
    if (!withWeb)
      console.log(`web app skipped by npm start: ${/^! (.*)$/m.exec(output)?.[1] ?? '(no note)'}`);
    const checked = [ports.auth, ports.um, ports.agent, ...(withWeb ? [ports.web] : [])];
    for (const port of checked) {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status, `port ${port}`).toBe(200);
    }
    const tree = [child.pid!, ...descendantsOf(child.pid!).map((entry) => entry.pid)];
    expect(tree.length).toBeGreaterThanOrEqual(4);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('✓ stopped, no process left');
    const left = tree.filter((pid) => {
      const entry = readProcess(pid);
      return entry !== undefined && entry.state !== 'Z';
    });
    expect(left).toEqual([]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
