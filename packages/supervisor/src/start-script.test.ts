import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendantsOf, readProc } from '@lifeosai/harness-kit/processes';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';
import { freePort } from '@lifeosai/testkit/ports';
import { expect, it } from 'vitest';
import { isPortFree } from './port-check.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** The live process under `rootPid` whose command line runs `script` (a path, or a test of each argument). */
function processRunning(rootPid: number, script: string | ((arg: string) => boolean)): number | undefined {
  const runs = typeof script === 'string' ? (arg: string) => arg === script : script;
  return descendantsOf(rootPid).find((entry) => {
    if (entry.state === 'Z') return false;
    try {
      return readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').split('\0').some(runs);
    } catch {
      return false;
    }
  })?.pid;
}

/** A failed test's cleanup: the sidecars are detached, so killing npm start alone would orphan them. */
function killTree(pid: number): void {
  for (const target of [...descendantsOf(pid).map((entry) => entry.pid), pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Four free loopback ports for a platform under test. */
async function platformPorts() {
  return { web: await freePort(), um: await freePort(), auth: await freePort(), agent: await freePort() };
}

/** npm start's environment in a test: this process's, a fresh home, local mode, the given ports. */
function platformEnvironment(ports: Awaited<ReturnType<typeof platformPorts>>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LIFEOSAI_HOME: mkdtempSync(join(tmpdir(), 'lifeosai-start-')),
    LIFEOSAI_MODE: 'local',
    LIFEOSAI_WEB_PORT: String(ports.web),
    LIFEOSAI_USER_MANAGEMENT_PORT: String(ports.um),
    LIFEOSAI_AUTH_PORT: String(ports.auth),
    LIFEOSAI_AGENT_API_PORT: String(ports.agent),
    LOG_LEVEL: 'warn',
  };
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
it('npm start runs the platform (three services in one process), restarts it when killed, and leaves no process behind after SIGINT', {
  timeout: 240_000,
}, async () => {
  const ports = await platformPorts();
  const fake = await startFakeLlm();
  fake.on(() => true, text('Bundled and answering.', { chunks: 3 }));
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.ts'), '--no-build'], {
    cwd: root,
    env: {
      ...platformEnvironment(ports),
      // The fake model server, allowed as an operator allows one (README).
      LIFEOSAI_SANDBOX_ALLOW: new URL(fake.url).host,
      // A provider key: only the Agent API's own configuration object may hold it.
      ANTHROPIC_API_KEY: 'sk-ant-canary-5521',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The services' process runs from local mode's bundle (scripts/local-bundles.ts), built by
  // npm start's prepare step when missing or stale.
  const hostScript = (arg: string) => arg.endsWith('/services/local-services.mjs');
  const readyCount = (service: string) =>
    output.split('\n').filter((line) => line.startsWith(`${service} ready in`)).length;
  try {
    // A first start builds local mode's bundles before the services start (seconds here, more
    // on a loaded machine): 45 s to be ready, counted from the end of that build.
    const building = () =>
      /building local mode's bundles/.test(output) && !/bundles built in|could not be built/.test(output);
    await waitUntil(
      () => building() || /LIFEOSAI is ready in/.test(output) || child.exitCode !== null,
      45_000,
      () => `npm start did not get ready:\n${output}`,
    );
    await waitUntil(
      () => !building() || child.exitCode !== null,
      120_000,
      () => `npm start's bundles were not built:\n${output}`,
    );
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

    // Whole runs through the bundled platform, as a user makes them: sign-up (auth), the
    // gateway, the provider setting, the Agent API's orchestrator and LLM proxy, a sandboxed
    // harness, the stored events.
    const gateway = `http://127.0.0.1:${ports.um}`;
    let cookie = '';
    const call = async (method: string, path: string, body?: object) => {
      const response = await fetch(`${gateway}${path}`, {
        method,
        headers: {
          origin: `http://127.0.0.1:${ports.web}`,
          ...(cookie && { cookie }),
          ...(body && { 'content-type': 'application/json' }),
        },
        ...(body && { body: JSON.stringify(body) }),
      });
      const setCookies = response.headers.getSetCookie();
      if (setCookies.length > 0) cookie = setCookies.map((line) => line.split(';')[0]).join('; ');
      const json = (await response.json().catch(() => ({}))) as {
        id?: string;
        status?: string;
        items?: unknown[];
      };
      return { status: response.status, json };
    };
    const signedUp = await call('POST', '/api/auth/sign-up/email', {
      name: 'Start Script',
      email: 'start-script@example.test',
      password: 'correct horse battery',
    });
    expect(signedUp.status, JSON.stringify(signedUp.json)).toBe(200);
    expect((await call('PUT', '/api/models/anthropic', { baseUrl: fake.url, apiKey: 'test' })).status).toBe(
      200,
    );
    // Both harnesses whose SDKs the services' bundle holds: Pi, and Claude Code (its SDK finds
    // its CLI from its own location).
    for (const [adapterType, adapterConfig] of [
      ['pi', { provider: 'anthropic', model: 'claude-sonnet-4-6' }],
      ['claude-code', { model: 'claude-haiku-4-5' }],
    ] as const) {
      const agent = await call('POST', '/api/agent/agents', {
        name: adapterType,
        adapterType,
        adapterConfig,
      });
      expect(agent.status, JSON.stringify(agent.json)).toBe(201);
      const run = await call('POST', `/api/agent/agents/${agent.json.id}/runs`, {
        prompt: 'Are you bundled?',
      });
      expect(run.status, JSON.stringify(run.json)).toBe(202);
      let status = 'queued';
      const runDeadline = Date.now() + 30_000;
      while (
        !['succeeded', 'failed', 'cancelled', 'timed_out'].includes(status) &&
        Date.now() < runDeadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await call('GET', `/api/agent/runs/${run.json.id}`)).json.status ?? status;
      }
      const events = await call('GET', `/api/agent/runs/${run.json.id}/events`);
      expect(status, `${adapterType}: ${JSON.stringify(events.json)}\n${output}`).toBe('succeeded');
      expect(JSON.stringify(events.json.items), adapterType).toContain('Bundled and answering.');
    }
    if (withWeb) {
      // The bundled web server hands pages to Next.js.
      const page = await fetch(`http://127.0.0.1:${ports.web}/sign-in`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    }

    // One process hosts auth, agent-api and user-management; no service runs its own main.ts.
    const killedPid = processRunning(child.pid!, hostScript);
    expect(killedPid, `the bundled services process under npm start:\n${output}`).toBeDefined();
    for (const name of ['auth', 'agent-api', 'user-management'])
      expect(processRunning(child.pid!, join(root, 'apps', name, 'src', 'main.ts')), name).toBeUndefined();
    expect(processRunning(child.pid!, join(root, 'scripts', 'local-services.ts'))).toBeUndefined();
    // Its own environment lacks the provider key (the Agent API got it in its object, on stdin).
    expect(readFileSync(`/proc/${killedPid}/environ`, 'utf8')).not.toContain('sk-ant-canary-5521');
    expect(readFileSync(`/proc/${killedPid}/cmdline`, 'utf8')).not.toContain('sk-ant-canary-5521');

    // kill -9 the services process: the supervisor says why, waits its backoff and restarts it.
    process.kill(killedPid!, 'SIGKILL');
    await waitUntil(
      () => readyCount('user-management') === 2,
      45_000,
      () => `the services did not come back:\n${output}`,
    );
    expect(readyCount('auth')).toBe(2);
    expect(readyCount('agent-api')).toBe(2);
    expect(output).toContain('services was killed by SIGKILL unexpectedly');
    expect(output).toContain('restarting services in 0.5 s (crash 1 in a row)');
    const restartedPid = processRunning(child.pid!, hostScript);
    expect(restartedPid).toBeDefined();
    expect(restartedPid).not.toBe(killedPid);
    expect(readProc(killedPid!)).toBeUndefined();
    const health = await fetch(`http://127.0.0.1:${ports.agent}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'agent-api' });

    const tree = [child.pid!, ...descendantsOf(child.pid!).map((entry) => entry.pid)];
    expect(tree.length).toBeGreaterThanOrEqual(2);
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
    if (child.exitCode === null) killTree(child.pid!);
    await fake.close();
  }
});

// A supervisor that dies without stopping anything (kill -9, a crash, a desktop shell gone):
// every service sees its stdin end — the supervisor held it open — and stops itself, instead
// of living on as an orphan that keeps its port.
it('npm start killed with SIGKILL leaves no service running: each stops when its stdin ends', {
  timeout: 120_000,
}, async () => {
  const ports = await platformPorts();
  // As package.json's start script runs it: the JavaScript entry replaces itself with start.ts.
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--no-build'], {
    cwd: root,
    env: { ...platformEnvironment(ports), NODE_COMPILE_CACHE: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let tree: number[] = [];
  try {
    await waitUntil(
      () => /LIFEOSAI is ready in/.test(output) || child.exitCode !== null,
      90_000,
      () => `npm start did not get ready:\n${output}`,
    );
    expect(child.exitCode, output).toBeNull();
    // The same process, now running start.ts (execve), with the compile cache set from its start:
    // `environ` is the environment it was exec'd with, and this test started it without one, so
    // only start.mjs put it there (where: scripts/compile-cache.mjs, which packages cannot import).
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain(join(root, 'scripts', 'start.ts'));
    const cache = readFileSync(`/proc/${child.pid}/environ`, 'utf8')
      .split('\0')
      .find((entry) => entry.startsWith('NODE_COMPILE_CACHE='));
    expect(cache?.startsWith(`NODE_COMPILE_CACHE=${join(root, 'node_modules', '.cache')}/`), cache).toBe(
      true,
    );
    const services = descendantsOf(child.pid!).filter((entry) => entry.parentPid === child.pid);
    expect(services.length, output).toBeGreaterThanOrEqual(1);
    tree = services.flatMap((entry) => [entry.pid, ...descendantsOf(entry.pid).map(({ pid }) => pid)]);

    child.kill('SIGKILL');
    await waitUntil(
      () =>
        tree.every((pid) => {
          const entry = readProc(pid);
          return entry === undefined || entry.state === 'Z';
        }),
      15_000,
      () => `a service outlived its supervisor:\n${output}`,
    );
    for (const port of Object.values(ports)) expect(await isPortFree(port), `port ${port} free`).toBe(true);
  } finally {
    if (child.exitCode === null) killTree(child.pid!);
    // Orphans of a failed run: no longer under npm start, so killed by their process ids.
    for (const pid of tree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone, as it should be.
      }
    }
  }
});

// The host itself, given two services whose settings differ in a variable both read
// (LIFEOSAI_HOME): each keeps its own — its key files and database land in its own home only.
it('the one-process host gives each service its own environment, and SIGINT stops them all', {
  timeout: 60_000,
}, async () => {
  const homes = {
    auth: mkdtempSync(join(tmpdir(), 'lifeosai-host-auth-')),
    um: mkdtempSync(join(tmpdir(), 'lifeosai-host-um-')),
  };
  const ports = {
    auth: await freePort(),
    um: await freePort(),
    agent: await freePort(),
    web: await freePort(),
  };
  const common = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LIFEOSAI_MODE: 'local',
    LOG_LEVEL: 'warn',
    LIFEOSAI_AUTH_PORT: String(ports.auth),
    LIFEOSAI_USER_MANAGEMENT_PORT: String(ports.um),
    LIFEOSAI_AGENT_API_PORT: String(ports.agent),
    LIFEOSAI_WEB_PORT: String(ports.web),
  };
  const processHome = mkdtempSync(join(tmpdir(), 'lifeosai-host-process-'));
  const child = spawn(process.execPath, [join(root, 'scripts', 'local-services.ts')], {
    cwd: root,
    // The process's own environment points elsewhere: a service reading it would be caught.
    env: { PATH: common.PATH, LIFEOSAI_HOME: processHome },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(
    JSON.stringify({
      services: [
        { name: 'auth', env: { ...common, LIFEOSAI_HOME: homes.auth } },
        { name: 'user-management', env: { ...common, LIFEOSAI_HOME: homes.um } },
      ],
    }),
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const healthy = async (port: number) => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
    } catch {
      return false;
    }
  };
  try {
    const deadline = Date.now() + 45_000;
    while (!((await healthy(ports.auth)) && (await healthy(ports.um)))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the host did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Auth's secret in its home only, the gateway's signing key in its home only, and nothing
    // in the home of the process's own environment.
    const authFiles = readdirSync(homes.auth);
    const gatewayFiles = readdirSync(homes.um);
    expect(authFiles).toContain('auth-secret');
    expect(authFiles).not.toContain('internal-signing-key.json');
    expect(gatewayFiles).toContain('internal-signing-key.json');
    expect(gatewayFiles).not.toContain('auth-secret');
    expect(readdirSync(processHome)).toEqual([]);

    const tree = [child.pid!, ...descendantsOf(child.pid!).map((entry) => entry.pid)];
    child.kill('SIGINT');
    expect(await exited, output).toBe(0);
    expect(tree.filter((pid) => readProc(pid)?.state !== undefined && readProc(pid)?.state !== 'Z')).toEqual(
      [],
    );
    for (const port of [ports.auth, ports.um]) expect(await isPortFree(port), `port ${port} free`).toBe(true);
  } finally {
    if (child.exitCode === null) killTree(child.pid!);
  }
});

it('the one-process host refuses a service it does not know, and says which it knows', async () => {
  const child = spawn(process.execPath, [join(root, 'scripts', 'local-services.ts')], {
    cwd: root,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  child.stdin.end(JSON.stringify({ services: [{ name: 'web', env: {} }] }));
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
  expect(errors).toContain('unknown service "web": one of auth, agent-api, user-management');
});

// npm start launches the host while the database migrates, naming its services on argv.
it('the one-process host launched early ends at once on a signal or its supervisor gone before the description', {
  timeout: 30_000,
}, async () => {
  const host = (names: string[]) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'local-services.ts'), ...names], {
      cwd: root,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, errors: () => errors };
  };
  const names = ['auth', 'agent-api', 'user-management'];
  // Interrupted (the preparation failed, or Ctrl-C) while its services' code loads: nothing to stop.
  const interrupted = host(names);
  const orphaned = host(names);
  orphaned.child.stdin.end();
  const unknown = host(['auth', 'web']);
  // Its modules loading (from the sources here, ~1 s): the signal comes meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const signalled = Date.now();
  interrupted.child.kill('SIGTERM');
  await interrupted.exited;
  // Ended by its handler (exit 0), or by the signal itself had it come before the handler was set.
  expect(
    interrupted.child.exitCode === 0 || interrupted.child.signalCode === 'SIGTERM',
    interrupted.errors(),
  ).toBe(true);
  expect(Date.now() - signalled).toBeLessThan(2000);
  // Its supervisor gone before describing anything: not "stdin is not JSON", just gone.
  expect(await orphaned.exited).toBe(0);
  expect(orphaned.errors()).toBe('');
  // A name it does not know, refused before anything loads.
  expect(await unknown.exited).toBe(1);
  expect(unknown.errors()).toContain(
    'unknown service "web" on argv: one of auth, agent-api, user-management',
  );
});

it("the one-process host names the Agent API when the Agent API's sandbox settings are wrong", async () => {
  const child = spawn(process.execPath, [join(root, 'scripts', 'local-services.ts')], {
    cwd: root,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const env = {
    LIFEOSAI_HOME: mkdtempSync(join(tmpdir(), 'lifeosai-host-')),
    LIFEOSAI_SANDBOX_ALLOW: 'not a host!',
  };
  child.stdin.end(JSON.stringify({ services: [{ name: 'agent-api', env }] }));
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
  expect(errors).toContain('agent-api cannot start: Invalid sandbox setting LIFEOSAI_SANDBOX_ALLOW');
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
