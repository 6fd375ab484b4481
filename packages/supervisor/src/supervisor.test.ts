import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerEnvironmentVariables } from '@lifeosai/config';
import { descendantsOf, readProc } from '@lifeosai/harness-kit';
import { freePort } from '@lifeosai/testkit/ports';
import { afterEach, describe, expect, it } from 'vitest';
import { localNodeFlags, platformServices } from './platform-services.ts';
import { type ServiceSpec, SupervisorError } from './service-spec.ts';
import { createSupervisor, type Supervisor } from './supervisor.ts';

const fixture = join(import.meta.dirname, 'fixtures', 'tiny-service.ts');
const hostFixture = join(import.meta.dirname, 'fixtures', 'tiny-host.ts');

/** A process hosting `names` (fixtures/tiny-host.ts), recording its launch and description in `orderFile`. */
async function tinyHost(names: string[], orderFile: string): Promise<ServiceSpec> {
  const hosts = await Promise.all(
    names.map(async (name) => {
      const port = await freePort();
      return { name, env: { PORT: String(port) }, port, healthPath: '/healthz' };
    }),
  );
  return {
    name: 'services',
    command: process.execPath,
    args: [hostFixture],
    cwd: import.meta.dirname,
    env: { ORDER_FILE: orderFile },
    port: hosts[0]!.port,
    healthPath: '/healthz',
    hosts,
  };
}

function linesOf(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

async function tinyService(name: string, env: Record<string, string> = {}, dependsOn?: string[]) {
  const port = await freePort();
  return {
    name,
    command: process.execPath,
    args: [fixture],
    cwd: import.meta.dirname,
    env: { NAME: name, PORT: String(port), ...env },
    port,
    healthPath: '/healthz',
    portSetting: `TINY_${name.toUpperCase()}_PORT`,
    ...(dependsOn && { dependsOn }),
  } satisfies ServiceSpec;
}

function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    const entry = readProc(pid);
    return entry !== undefined && entry.state !== 'Z';
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let running: Supervisor | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('supervisor', () => {
  it('starts services in dependency order, each only after the one before is healthy', async () => {
    const orderFile = join(mkdtempSync(join(tmpdir(), 'lifeosai-supervisor-')), 'order');
    const env = { ORDER_FILE: orderFile };
    const lines: string[] = [];
    running = createSupervisor({
      services: [
        await tinyService('gateway', env, ['auth', 'agents']),
        await tinyService('agents', env),
        await tinyService('auth', env),
      ],
      env: process.env,
      log: (line) => lines.push(line),
    });
    await running.start();

    expect(readFileSync(orderFile, 'utf8').trim().split('\n')).toEqual(['auth', 'agents', 'gateway']);
    expect(lines).toContain('starting auth…');
    expect(lines.some((line) => /^auth ready in \d+\.\d s/.test(line))).toBe(true);
    expect(lines).toContain('[gateway] gateway: listening');
    const indexOf = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    expect(indexOf(/^auth ready/)).toBeLessThan(indexOf(/^starting agents/));
    expect(indexOf(/^agents ready/)).toBeLessThan(indexOf(/^starting gateway/));
  });

  it('restarts a crashed service with growing backoff and says why', async () => {
    const lines: string[] = [];
    const service = await tinyService('worker');
    running = createSupervisor({
      services: [service],
      env: process.env,
      log: (line) => lines.push(line),
      restartBackoffMs: 100,
    });
    await running.start();
    const firstPid = running.pids().worker!;

    await fetch(`http://127.0.0.1:${service.port}/crash`).then((response) => response.text());
    await waitFor(() => running!.pids().worker !== undefined && running!.pids().worker !== firstPid);
    await waitFor(() => lines.filter((line) => line.startsWith('worker ready')).length === 2);
    const secondPid = running.pids().worker!;
    await fetch(`http://127.0.0.1:${service.port}/crash`).then((response) => response.text());
    await waitFor(() => lines.filter((line) => line.startsWith('worker ready')).length === 3);

    const text = lines.join('\n');
    expect(text).toContain('worker exited with code 7 unexpectedly; its last output:\n');
    expect(text).toContain('    | worker: crashing on request');
    expect(lines).toContain('restarting worker in 0.1 s (crash 1 in a row)');
    expect(lines).toContain('restarting worker in 0.2 s (crash 2 in a row)');
    expect(alive([firstPid, secondPid])).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${service.port}/healthz`)).status).toBe(200);
  });

  it('refuses a port in use with a message naming the port and the setting', async () => {
    const first = await tinyService('first');
    const blocked = await tinyService('blocked');
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(blocked.port, '127.0.0.1', resolve));
    try {
      const lines: string[] = [];
      running = createSupervisor({
        services: [first, blocked],
        env: process.env,
        log: (line) => lines.push(line),
      });
      const error = await running.start().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(SupervisorError);
      expect((error as SupervisorError).code).toBe('PORT_IN_USE');
      expect((error as SupervisorError).message).toContain(`port ${blocked.port} is in use`);
      expect((error as SupervisorError).message).toContain('set TINY_BLOCKED_PORT to a free port');
      // Checked before anything starts.
      expect(lines).toEqual([]);
    } finally {
      squatter.close();
    }
  });

  it('reports a service that exits before it is ready, with its output', async () => {
    running = createSupervisor({
      services: [await tinyService('broken', { CRASH_ON_START: '1' })],
      env: process.env,
      log: () => {},
    });
    const error = (await running.start().catch((caught: unknown) => caught)) as SupervisorError;
    expect(error.code).toBe('SERVICE_EXITED');
    expect(error.message).toContain('broken exited with code 3 before it was ready');
    expect(error.message).toContain('broken: told to crash on start');
  });

  it('stops in reverse order and leaves no process, grandchildren in other process groups included', async () => {
    const lines: string[] = [];
    running = createSupervisor({
      services: [await tinyService('first', { SPAWN_CHILDREN: '1' }), await tinyService('second')],
      env: process.env,
      log: (line) => lines.push(line),
    });
    await running.start();
    const roots = Object.values(running.pids()) as number[];
    await waitFor(() => descendantsOf(roots[0]!).length === 2);
    const everything = [...roots, ...roots.flatMap((pid) => descendantsOf(pid).map((entry) => entry.pid))];
    const ownGroup = descendantsOf(roots[0]!).filter((entry) => {
      const stat = readFileSync(`/proc/${entry.pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === entry.pid;
    });
    expect(ownGroup).toHaveLength(1);

    await running.stop();

    expect(alive(everything)).toEqual([]);
    expect(descendantsOf(process.pid).filter((entry) => everything.includes(entry.pid))).toEqual([]);
    expect(lines.indexOf('stopping second…')).toBeLessThan(lines.indexOf('stopping first…'));
    expect(lines).toContain('first stopped');
  });
});

describe('supervisor after a crash', () => {
  it('stops the orphaned children of a crashed service and restarts from the first delay once stable', async () => {
    const lines: string[] = [];
    const service = await tinyService('harnessy', { SPAWN_CHILDREN: '1' });
    running = createSupervisor({
      services: [service],
      env: process.env,
      log: (line) => lines.push(line),
      restartBackoffMs: 100,
      stableAfterMs: 300,
    });
    await running.start();
    const firstPid = running.pids().harnessy!;
    await waitFor(() => descendantsOf(firstPid).length === 2);
    const children = descendantsOf(firstPid).map((entry) => entry.pid);
    // Let the supervisor's once-a-second descendant tracker see them.
    await new Promise((resolve) => setTimeout(resolve, 1200));

    await fetch(`http://127.0.0.1:${service.port}/crash`).then((response) => response.text());
    await waitFor(() => lines.filter((line) => line.startsWith('harnessy ready')).length === 2);
    expect(alive(children)).toEqual([]);

    // This time it crashes before the tracker's next pass: its children are found by their mark.
    const secondPid = running.pids().harnessy!;
    await waitFor(() => descendantsOf(secondPid).length === 2);
    const youngChildren = descendantsOf(secondPid).map((entry) => entry.pid);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await fetch(`http://127.0.0.1:${service.port}/crash`).then((response) => response.text());
    await waitFor(() => lines.filter((line) => line.startsWith('harnessy ready')).length === 3);
    expect(alive(youngChildren)).toEqual([]);
    expect(lines.filter((line) => line.startsWith('restarting harnessy'))).toEqual([
      'restarting harnessy in 0.1 s (crash 1 in a row)',
      'restarting harnessy in 0.1 s (crash 1 in a row)',
    ]);
  });
});

describe('a preparation under way (npm start: the database migrating)', () => {
  it('launches a host at once, describes it only once prepared, and the other services after', async () => {
    const orderFile = join(mkdtempSync(join(tmpdir(), 'lifeosai-supervisor-')), 'order');
    let finish!: () => void;
    const prepared = new Promise<void>((resolve) => {
      finish = resolve;
    });
    running = createSupervisor({
      services: [
        await tinyHost(['auth', 'gateway'], orderFile),
        { ...(await tinyService('web', { ORDER_FILE: orderFile })), startsAlongside: true },
      ],
      prepared,
      env: process.env,
      log: () => {},
    });
    const starting = running.start();
    await waitFor(() => linesOf(orderFile).includes('launched'));
    // Its code had time to load: still undescribed, and nothing else launched.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(linesOf(orderFile)).toEqual(['launched']);
    finish();
    await starting;
    expect(linesOf(orderFile).sort()).toEqual(['described auth,gateway', 'launched', 'web']);
  });

  it('stops the host launched early and fails with the preparation when it fails', async () => {
    const orderFile = join(mkdtempSync(join(tmpdir(), 'lifeosai-supervisor-')), 'order');
    let fail!: (error: Error) => void;
    const prepared = new Promise<void>((_resolve, reject) => {
      fail = reject;
    });
    const supervisor = createSupervisor({
      services: [
        await tinyHost(['auth'], orderFile),
        { ...(await tinyService('web', { ORDER_FILE: orderFile })), startsAlongside: true },
      ],
      prepared,
      env: process.env,
      log: () => {},
    });
    running = supervisor;
    const starting = supervisor.start();
    await waitFor(() => supervisor.pids().services !== undefined && linesOf(orderFile).includes('launched'));
    const pid = supervisor.pids().services!;
    fail(new Error('stopped: the database is not ready'));
    await expect(starting).rejects.toThrow('stopped: the database is not ready');
    expect(alive([pid])).toEqual([]);
    expect(linesOf(orderFile)).toEqual(['launched']);
  });

  it('rejects with a preparation that failed before start() was called, and leaves nothing running', async () => {
    const orderFile = join(mkdtempSync(join(tmpdir(), 'lifeosai-supervisor-')), 'order');
    const prepared = Promise.reject(new Error('stopped: the configuration could not be read'));
    const supervisor = createSupervisor({
      services: [await tinyHost(['auth'], orderFile)],
      prepared,
      env: process.env,
      log: () => {},
    });
    running = supervisor;
    // Long enough for an unhandled rejection to be reported, had nothing handled it yet.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(supervisor.start()).rejects.toThrow('stopped: the configuration could not be read');
    expect(supervisor.pids()).toEqual({ services: undefined });
  });
});

describe('each service gets only the environment it needs', () => {
  it('withholds the variables a service must not inherit', async () => {
    const service = { ...(await tinyService('gateway')), withheldEnv: ['PROVIDER_KEY'] };
    running = createSupervisor({
      services: [service],
      env: { ...process.env, PROVIDER_KEY: 'sk-operator-key', HARMLESS: 'kept' },
      log: () => {},
    });
    await running.start();
    const environ = readFileSync(`/proc/${running.pids().gateway}/environ`, 'utf8').split('\0');
    expect(environ).toContain('HARMLESS=kept');
    expect(environ.some((entry) => entry.startsWith('PROVIDER_KEY='))).toBe(false);
  });

  const options = {
    root: '/repo',
    home: '/home/x/.lifeosai',
    mode: 'local',
    ports: { web: 3000, userManagement: 3001, auth: 3002, agentApi: 4000 },
    nodePath: '/usr/bin/node',
    providerVariables: providerEnvironmentVariables,
    web: true,
  } as const;

  it('gives the provider variables to the Agent API only, in one process or separate ones', () => {
    // One process: the process itself and every service but the Agent API go without them.
    const [host, web] = platformServices(options);
    expect(host!.name).toBe('services');
    expect(host!.withheldEnv).toEqual(providerEnvironmentVariables);
    expect(host!.args).toEqual([
      ...localNodeFlags,
      '/repo/scripts/local-services.ts',
      'auth',
      'agent-api',
      'user-management',
    ]);
    expect(host!.hosts!.map((hosted) => [hosted.name, hosted.port, hosted.withheldEnv ?? []])).toEqual([
      ['auth', 3002, providerEnvironmentVariables],
      ['agent-api', 4000, []],
      ['user-management', 3001, providerEnvironmentVariables],
    ]);
    expect(web!.withheldEnv).toEqual(providerEnvironmentVariables);
    expect(web!.startsAlongside).toBe(true);
    expect(web!.dependsOn).toBeUndefined();
    // Cloud mode and --separate: a process per service, as before.
    expect(platformServices({ ...options, mode: 'cloud' }).map((service) => service.name)).toEqual(
      platformServices({ ...options, processes: 'separate' }).map((service) => service.name),
    );
    const services = platformServices({ ...options, processes: 'separate' });
    expect(providerEnvironmentVariables).toEqual(
      expect.arrayContaining(['ANTHROPIC_API_KEY', 'GEMINI_BASE_URL']),
    );
    for (const service of services) {
      expect(service.withheldEnv ?? [], service.name).toEqual(
        service.name === 'agent-api' ? [] : providerEnvironmentVariables,
      );
    }
    expect(services.map((service) => service.name).sort()).toEqual([
      'agent-api',
      'auth',
      'user-management',
      'web',
    ]);
  });
});
