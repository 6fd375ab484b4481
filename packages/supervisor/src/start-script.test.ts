import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendantsOf, readProc } from '@lifeosai/harness-kit';
import { freePort } from '@lifeosai/testkit/ports';
import { expect, it } from 'vitest';
import { isPortFree } from './port-check.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** The live process under `rootPid` whose command line runs `script`. */
function processRunning(rootPid: number, script: string): number | undefined {
  return descendantsOf(rootPid).find((entry) => {
    if (entry.state === 'Z') return false;
    try {
      return readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').split('\0').includes(script);
    } catch {
      return false;
    }
  })?.pid;
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The real platform, not the fixtures: `scripts/start.ts` as `npm start` runs it. `--no-build`
// keeps a missing web build out of this test (building takes a minute); when `apps/web/.next`
// is built the supervisor starts web too and its /healthz is checked like the others.
it('npm start runs the platform, restarts a killed sidecar, and leaves no process behind after SIGINT', {
  timeout: 90_000,
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
  const agentApiScript = join(root, 'apps', 'agent-api', 'src', 'main.ts');
  const readyCount = (service: string) =>
    output.split('\n').filter((line) => line.startsWith(`${service} ready in`)).length;
  try {
    await waitUntil(
      () => /LIFEOSAI is ready in/.test(output) || child.exitCode !== null,
      45_000,
      () => `npm start did not get ready:\n${output}`,
    );
    if (child.exitCode !== null)
      throw new Error(`npm start exited (${child.exitCode}) before it was ready:\n${output}`);
    const withWeb = /open http:\/\/127\.0\.0\.1:\d+/.test(output);
    if (!withWeb)
      console.log(`web app skipped by npm start: ${/^! (.*)$/m.exec(output)?.[1] ?? '(no note)'}`);
    const checked = [ports.auth, ports.um, ports.agent, ...(withWeb ? [ports.web] : [])];
    for (const port of checked) {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status, `port ${port}`).toBe(200);
    }

    // kill -9 the Agent API sidecar: the supervisor says why, waits its backoff and restarts it.
    const killedPid = processRunning(child.pid!, agentApiScript);
    expect(killedPid, 'agent-api process under npm start').toBeDefined();
    process.kill(killedPid!, 'SIGKILL');
    await waitUntil(
      () => readyCount('agent-api') === 2,
      30_000,
      () => `agent-api did not come back:\n${output}`,
    );
    expect(output).toContain('agent-api was killed by SIGKILL unexpectedly');
    expect(output).toContain('restarting agent-api in 0.5 s (crash 1 in a row)');
    const restartedPid = processRunning(child.pid!, agentApiScript);
    expect(restartedPid).toBeDefined();
    expect(restartedPid).not.toBe(killedPid);
    expect(readProc(killedPid!)).toBeUndefined();
    const health = await fetch(`http://127.0.0.1:${ports.agent}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'agent-api' });

    const tree = [child.pid!, ...descendantsOf(child.pid!).map((entry) => entry.pid)];
    expect(tree.length).toBeGreaterThanOrEqual(4);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('✓ stopped, no process left');
    const left = tree.filter((pid) => {
      const entry = readProc(pid);
      return entry !== undefined && entry.state !== 'Z';
    });
    expect(left).toEqual([]);
    for (const port of Object.values(ports)) expect(await isPortFree(port), `port ${port} free`).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

it('npm start stops before any sidecar when the database cannot be prepared, and says why', {
  timeout: 30_000,
}, async () => {
  // Cloud mode against a Postgres that is not there (nothing listens on the port).
  const databaseUrl = `postgres://lifeos:pw-canary-7731@127.0.0.1:${await freePort()}/lifeos`;
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.ts'), '--no-build'], {
    cwd: root,
    env: {
      ...process.env,
      LIFEOSAI_HOME: mkdtempSync(join(tmpdir(), 'lifeosai-start-')),
      LIFEOSAI_MODE: 'cloud',
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', (exitCode) => resolve(exitCode)),
  );
  expect(code, output).toBe(1);
  expect(output).toContain('the database could not be prepared');
  expect(output).toContain('the database is not ready');
  expect(output).toContain('Is it running, and is DATABASE_URL right?');
  expect(output).not.toContain('starting auth');
  expect(output).not.toContain('pw-canary-7731');
});
