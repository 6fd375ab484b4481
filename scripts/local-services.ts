/**
 * Local mode's one process for the three Fastify services: `npm start` (through
 * @lifeosai/supervisor) runs `node scripts/local-services.ts` and writes on its stdin, as one
 * line of JSON, which services to host and each one's environment:
 *
 *   {"services":[{"name":"auth","env":{…}},{"name":"agent-api","env":{…}},{"name":"user-management","env":{…}}]}
 *
 * Each service is started from its own `start…Service(env)` with its own object, never this
 * process's `process.env`: the supervisor gives this process only what every hosted service
 * may see (the provider keys, which only the Agent API may hold, are in the Agent API's object
 * alone), and secrets never travel on argv. Services start in the order given and stop in
 * reverse; the first SIGINT/SIGTERM stops them all (runs cancelled, their processes gone) and
 * exits 0. The supervisor holds stdin open while it lives: its end means the supervisor is gone
 * (killed, crashed), and the services stop as on SIGTERM instead of living on as orphans. A
 * service that cannot start stops those already started and exits 1 with
 * `<name> cannot start: <why>`. Separate processes (cloud mode, or
 * `LIFEOSAI_LOCAL_PROCESSES=separate`) run each service's own `main.ts` instead.
 *
 * The services named on argv (`local-services.ts auth agent-api user-management`: names only,
 * nothing secret) have their code loaded at once, before the description comes: npm start
 * launches this process while the database still migrates and describes it after (~0.3 s of a
 * start overlapped). A signal before the description ends the process at once: nothing started.
 */
import { isPlatformError } from '@lifeosai/errors';
import type { RunningService, ServiceEnvironment } from '@lifeosai/http-kit';
import { loadSandboxSettings, probeSandbox, type SandboxProbe } from '@lifeosai/sandbox';

/** What the host began for a service before loading it: the Agent API's bubblewrap probe. */
interface EarlyStart {
  sandboxProbe?: Promise<SandboxProbe>;
}

/** The services this process can host, each loaded only when asked for. */
const starters: Record<
  string,
  () => Promise<(env: ServiceEnvironment, early: EarlyStart) => Promise<RunningService>>
> = {
  auth: async () => (await import('@lifeosai/auth/service')).startAuthService,
  'agent-api': async () => (await import('@lifeosai/agent-api/service')).startAgentApiService,
  'user-management': async () => (await import('@lifeosai/user-management/service')).startGatewayService,
};

/** What a name this process cannot host is told (`where`: how it came, e.g. ` on argv`). */
function unknownService(name: unknown, where = ''): string {
  return `unknown service ${JSON.stringify(name)}${where}: one of ${Object.keys(starters).join(', ')}`;
}

/** The services named on argv, their code loading before the description comes. */
function preload(names: readonly string[]): Map<string, ReturnType<(typeof starters)[string]>> {
  const loading = new Map<string, ReturnType<(typeof starters)[string]>>();
  for (const name of names) {
    if (!(name in starters)) {
      console.error(unknownService(name, ' on argv'));
      process.exit(1);
    }
    const load = starters[name]!();
    // A failure is the start's, reported when the service is started.
    load.catch(() => undefined);
    loading.set(name, load);
  }
  return loading;
}

/** One hosted service as the supervisor describes it on stdin. */
export interface HostedServiceInput {
  name: string;
  env: ServiceEnvironment;
}

/** Parses and checks the stdin description (its first line); throws with a message saying what is wrong. */
export function parseHostedServices(text: string): HostedServiceInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('stdin is not JSON: expected {"services":[{"name","env"}…]} (npm start writes it)');
  }
  const services = (parsed as { services?: unknown })?.services;
  if (!Array.isArray(services) || services.length === 0) {
    throw new Error('stdin names no service: expected {"services":[{"name","env"}…]}');
  }
  return services.map((entry: unknown) => {
    const { name, env } = (entry ?? {}) as { name?: unknown; env?: unknown };
    if (typeof name !== 'string' || !(name in starters)) {
      throw new Error(unknownService(name));
    }
    if (typeof env !== 'object' || env === null || Array.isArray(env)) {
      throw new Error(`${name}: env must be an object of strings`);
    }
    for (const value of Object.values(env)) {
      if (typeof value !== 'string') throw new Error(`${name}: env must be an object of strings`);
    }
    return { name, env: env as ServiceEnvironment };
  });
}

/**
 * The supervisor's stdin: `description` is its first line; `ended` settles when stdin ends,
 * which then means the supervisor is gone. A description without a newline, ended at once (a
 * person or a test trying the host), is taken whole: no lifeline then, signals stop it.
 */
function readSupervisor(): { description: Promise<string>; ended: Promise<void> } {
  let buffered = '';
  let describe!: (line: string) => void;
  const description = new Promise<string>((resolve) => {
    describe = resolve;
  });
  process.stdin.setEncoding('utf8');
  const onData = (chunk: string) => {
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end < 0) return;
    describe(buffered.slice(0, end));
    process.stdin.off('data', onData);
    // Nothing else comes; read on only to see the end.
    process.stdin.resume();
  };
  process.stdin.on('data', onData);
  const ended = new Promise<void>((resolve) => process.stdin.once('end', resolve));
  void ended.then(() => describe(buffered));
  return { description, ended };
}

function reasonOf(error: unknown): string {
  if (isPlatformError(error)) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const running: { name: string; service: RunningService }[] = [];
let stopping: Promise<void> | undefined;
/** The early bubblewrap probe, settled or not: waited for before exiting, so it removes its test sandbox. */
let probeUnderWay: Promise<unknown> = Promise.resolve();

/** Stops what runs, last started first; a failing stop is reported and the others still stop. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const { name, service } of [...running].reverse()) {
      try {
        await service.stop();
      } catch (error) {
        console.error(`${name} did not stop cleanly: ${reasonOf(error)}`);
      }
    }
    await probeUnderWay;
  })();
  return stopping;
}

/** Set by a signal or the supervisor's end: a start still under way ends after the service it is starting. */
let signalled: NodeJS.Signals | 'the supervisor is gone (stdin ended)' | undefined;
let current = 'services';
const supervisor = readSupervisor();
const preloaded = preload(process.argv.slice(2));
/** Whether stdin held a valid description: its end from then on is the supervisor's. */
let described = false;
const started = (async () => {
  const description = await supervisor.description;
  // Launched early and the supervisor gone before it described anything: nothing to start.
  if (description === '' && preloaded.size > 0) process.exit(0);
  const hosted = parseHostedServices(description);
  described = true;
  const agentApi = hosted.find(({ name }) => name === 'agent-api');
  const early: Record<string, EarlyStart> = {};
  // The Agent API's bubblewrap probe (a test sandbox, mostly waiting for it) runs while the
  // services' modules load instead of after; settings from the Agent API's own environment (a
  // bad one is the Agent API's failure to start).
  if (agentApi) current = agentApi.name;
  const sandboxSettings = agentApi && loadSandboxSettings(agentApi.env);
  current = 'services';
  if (sandboxSettings && sandboxSettings.mode !== 'off') {
    const probe = probeSandbox(sandboxSettings);
    // Awaited by the Agent API's start, and by stopAll should that start never come.
    probeUnderWay = probe.catch(() => undefined);
    early['agent-api'] = { sandboxProbe: probe };
  }
  // Loaded together: the modules the services share are read once, and their imports overlap.
  const starts = await Promise.all(hosted.map(({ name }) => preloaded.get(name) ?? starters[name]!()));
  // One after another, not together: each service's SQLite connection lives on this one thread,
  // and a start holds a write transaction across awaits (auth's own migrations), so a second
  // service writing meanwhile waits for the lock synchronously — the thread frozen for the busy
  // timeout, then "database is locked" (tried: auth failed after 10 s).
  for (const [index, { name, env }] of hosted.entries()) {
    if (signalled) return;
    current = name;
    running.push({ name, service: await starts[index]!(env, early[name] ?? {}) });
  }
})();

/** Stops everything once (a signal, or the supervisor gone) and exits 0. */
function stopOn(reason: NonNullable<typeof signalled>): void {
  if (signalled) return;
  signalled = reason;
  // Not described yet (launched early, the preparation failed or was interrupted): nothing to stop.
  if (!described) process.exit(0);
  void started
    .catch(() => undefined)
    .then(() => {
      for (const { service } of running) service.logger.info({ signal: reason }, 'stopping');
      return stopAll();
    })
    .then(() => process.exit(0));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopOn(signal));
// The supervisor holds stdin open while it lives: its end is its death.
void supervisor.ended.then(() => {
  if (described) stopOn('the supervisor is gone (stdin ended)');
});

try {
  await started;
} catch (error) {
  if (!signalled) {
    console.error(`${current} cannot start: ${reasonOf(error)}`);
    await stopAll();
    process.exit(1);
  }
}
