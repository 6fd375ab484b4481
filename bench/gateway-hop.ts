/**
 * Benchmark: the gateway hop. A small Agent API route (`GET /api/agent/agents`, five agents)
 * called through user-management — with a session cookie and with an API key (both identities
 * cached, decision 0022) — versus called directly with an internal token, in the same run. Each
 * service is its own process (auth, Agent API, gateway, one SQLite file); the load comes from
 * this process.
 *
 *   npm run bench:gateway -- [--seconds 5] [--concurrency 16] [--rounds 3] [--cpu-prof-gateway DIR]
 *
 * Twice: with every process on every core, then (Linux, `taskset`) with the gateway alone on
 * the last core and the rest on the others — as deployed, where the gateway is a service of its
 * own; on a 2-core machine the shared figure mostly measures the three processes' summed CPU.
 * Each phase is followed by one second of requests one at a time: the hop's latency without
 * queueing ("alone").
 *
 * A fixed number of workers send requests back to back for each phase (after a one-second
 * warm-up per side); each figure is the median over the rounds, and the order of the sides
 * rotates per round. autocannon is not installed here, so this is a plain fetch loop. Each service's
 * CPU time per request (from /proc) is printed too: on a shared machine it says what the hop
 * costs when the ratios are blurred by other load.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildApp,
  createIdentityVerifier,
  createInProcessEventBus,
  createOrchestrator,
  servedPlatform,
  testRunSandboxes,
  wireLlmProxy,
} from '@lifeosai/agent-api';
import { createAuthService } from '@lifeosai/auth';
import { openDatabase } from '@lifeosai/db';
import { createLogger } from '@lifeosai/logger';
import { createSecretStore, Redactor, SecretCipher, serviceToken } from '@lifeosai/secrets';
import { freePort } from '@lifeosai/testkit/ports';
import { createGateway, createInternalTokens, generateSigningKey } from '@lifeosai/user-management';
import type { JWK } from 'jose';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    // Writes a V8 CPU profile of the gateway process into this folder (what to cut next).
    'cpu-prof-gateway': { type: 'string' },
    // Internal: set when this file runs as one of the services.
    role: { type: 'string' },
  },
});
const webOrigin = 'http://127.0.0.1:3999';

/** What the parent hands each service process (as JSON in the environment). */
interface Wiring {
  home: string;
  ports: { auth: number; agentApi: number; gateway: number };
  signingKey: JWK;
  authSecret: string;
  /** The platform service secret all three services share. */
  serviceSecret: string;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

/** One service, in this process; prints `ready` once it listens and stops on SIGTERM. */
async function serve(role: string, wiring: Wiring): Promise<void> {
  const path = join(wiring.home, 'lifeosai.db');
  const logger = createLogger({ service: role, level: 'silent' });
  let stop: () => Promise<unknown>;
  if (role === 'auth') {
    const auth = await createAuthService({
      database: { dialect: 'sqlite', path },
      baseUrl: webOrigin,
      secret: wiring.authSecret,
      serviceSecret: wiring.serviceSecret,
      rateLimit: { window: 60, max: 1_000_000 },
      logger,
    });
    await auth.app.listen({ host: '127.0.0.1', port: wiring.ports.auth });
    stop = () => auth.close();
  } else {
    const database = await openDatabase({ dialect: 'sqlite', path });
    if (role === 'agent-api') {
      const bus = createInProcessEventBus();
      // No runs here: the proxy is wired only because the executor needs it.
      const llm = wireLlmProxy({
        db: database.db,
        harnesses: new Map(),
        secrets: createSecretStore({
          db: database.db,
          cipher: new SecretCipher(randomBytes(32)),
          redactor: new Redactor(),
        }),
        masterKey: randomBytes(32),
        env: {},
      });
      const orchestrator = createOrchestrator({
        db: database.db,
        dialect: 'sqlite',
        bus,
        harnesses: new Map(),
        home: wiring.home,
        instanceId: 'bench',
        stallTimeoutMs: 30_000,
        heartbeatTickMs: 0,
        ...llm.executor,
        platformToolsFor: () => [],
        // No run starts here: only the API's routes are measured.
        sandboxes: await testRunSandboxes([], servedPlatform(url(wiring.ports.agentApi))),
      });
      const app = await buildApp({
        db: database.db,
        verifyIdentity: createIdentityVerifier({
          jwksUrl: `${url(wiring.ports.gateway)}/internal/jwks`,
          serviceToken: serviceToken(wiring.serviceSecret, 'user-management'),
        }),
        bus,
        harnesses: new Map(),
        orchestrator,
        home: wiring.home,
        version: 'bench',
      });
      await app.listen({ host: '127.0.0.1', port: wiring.ports.agentApi });
      stop = () => app.close();
    } else {
      const gateway = await createGateway({
        database,
        authUrl: url(wiring.ports.auth),
        agentApiUrl: url(wiring.ports.agentApi),
        webOrigin,
        signingKey: wiring.signingKey,
        serviceSecret: wiring.serviceSecret,
        secrets: { cipher: new SecretCipher(randomBytes(32)), redactor: new Redactor() },
        files: { root: join(wiring.home, 'files'), maxUploadBytes: 1024, orgQuotaBytes: 1024 },
      });
      await gateway.app.listen({ host: '127.0.0.1', port: wiring.ports.gateway });
      stop = () => gateway.close();
    }
    const close = stop;
    stop = async () => {
      await close();
      await database.close();
    };
  }
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  console.log('ready');
}

interface Phase {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time each service process spent per answered request (µs), from /proc: load-independent. */
  cpuPerRequest?: Record<string, number>;
}

/** utime + stime of a process, in µs (Linux /proc; undefined elsewhere). */
function cpuMicros(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return undefined;
  }
}

/** `load`, with each service's CPU time per request over the phase. */
async function measured(
  services: Map<string, ChildProcess>,
  ...parameters: Parameters<typeof load>
): Promise<Phase> {
  const before = new Map([...services].map(([name, child]) => [name, cpuMicros(child.pid)]));
  const phase = await load(...parameters);
  const answered = phase.requestsPerSecond * (parameters[2] / 1000);
  const cpuPerRequest: Record<string, number> = {};
  for (const [name, child] of services) {
    const [start, end] = [before.get(name), cpuMicros(child.pid)];
    if (start !== undefined && end !== undefined && answered > 0)
      cpuPerRequest[name] = (end - start) / answered;
  }
  return { ...phase, cpuPerRequest };
}

/** `concurrency` workers, back to back, for `durationMs`; latencies in ms. */
async function load(
  target: string,
  headers: Record<string, string>,
  durationMs: number,
  concurrency: number,
): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await fetch(target, { headers });
      await response.arrayBuffer();
      if (response.status === 200) latencies.push(performance.now() - started);
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((left, right) => left - right);
  const at = (quantile: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? 0;
  return { requestsPerSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

/** Whether `taskset` can set CPU affinity here (Linux with util-linux). */
function pinnable(): boolean {
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Every thread of `pid` onto the CPUs in `list` (`taskset -c` syntax). */
function pinTo(pid: number, list: string): void {
  const result = spawnSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`taskset could not pin process ${pid} to CPU ${list}`);
}

const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;

function start(role: string, wiring: Wiring): Promise<ChildProcess> {
  const profile =
    role === 'gateway' && args['cpu-prof-gateway']
      ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof-gateway']}`]
      : [];
  const child = spawn(process.execPath, [...profile, process.argv[1]!, '--role', role], {
    env: { ...process.env, BENCH_WIRING: JSON.stringify(wiring) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${role} exited (${code}) before it was ready`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

async function main(): Promise<void> {
  const seconds = Number(args.seconds);
  const concurrency = Number(args.concurrency);
  const rounds = Number(args.rounds);
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-bench-gateway-'));
  const children: ChildProcess[] = [];
  try {
    const wiring: Wiring = {
      home,
      ports: { auth: await freePort(), agentApi: await freePort(), gateway: await freePort() },
      signingKey: await generateSigningKey(),
      authSecret: randomBytes(32).toString('hex'),
      serviceSecret: randomBytes(32).toString('hex'),
    };
    // Migrate once up front, so the services do not race for it.
    await (await openDatabase({ dialect: 'sqlite', path: join(home, 'lifeosai.db') })).close();
    const services = new Map<string, ChildProcess>();
    for (const role of ['auth', 'agent-api', 'gateway']) {
      const child = await start(role, wiring);
      children.push(child);
      services.set(role, child);
    }
    const gatewayUrl = url(wiring.ports.gateway);
    const agentApiUrl = url(wiring.ports.agentApi);

    // One user, five agents, a session cookie and an API key.
    const signUp = await fetch(`${gatewayUrl}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: webOrigin },
      body: JSON.stringify({ name: 'Bench', email: 'bench@example.test', password: 'correct horse battery' }),
    });
    const cookie = signUp.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const json = { cookie, origin: webOrigin, 'content-type': 'application/json' };
    const me = (await (await fetch(`${gatewayUrl}/api/me`, { headers: { cookie } })).json()) as {
      userId: string;
      orgId: string;
    };
    for (let index = 0; index < 5; index++) {
      const body = JSON.stringify({ name: `agent ${index}`, adapterType: 'pi' });
      await fetch(`${gatewayUrl}/api/agent/agents`, { method: 'POST', headers: json, body });
    }
    const created = await fetch(`${gatewayUrl}/api/keys`, {
      method: 'POST',
      headers: json,
      body: '{"name":"bench"}',
    });
    const { key } = (await created.json()) as { key: string };
    const tokens = await createInternalTokens(wiring.signingKey, { lifetimeSeconds: 3600 });
    const token = await tokens.tokenFor({ ...me, role: 'owner' });

    const sides: Record<string, [string, Record<string, string>]> = {
      direct: [`${agentApiUrl}/api/agent/agents`, { authorization: `Bearer ${token}` }],
      'gateway, cookie': [`${gatewayUrl}/api/agent/agents`, { cookie }],
      'gateway, API key': [`${gatewayUrl}/api/agent/agents`, { authorization: `Bearer ${key}` }],
    };
    const names = Object.keys(sides);
    for (const name of names) await load(...sides[name]!, 1000, concurrency);
    // On 2 cores the load generator, the gateway and the Agent API share the CPU, so the
    // throughput ratio measures the sum of their costs. Pinned, the gateway has a core of its
    // own (as its own service has in a deployment) and everything else shares the rest.
    const cpus = availableParallelism();
    const placements: Array<{ label: string; pin?: () => void }> = [{ label: 'shared cores' }];
    if (cpus >= 2 && pinnable()) {
      const rest = `0-${cpus - 2}`;
      placements.push({
        label: `gateway pinned to CPU ${cpus - 1}, the rest to CPU ${rest}`,
        pin: () => {
          pinTo(services.get('gateway')!.pid!, String(cpus - 1));
          for (const role of ['auth', 'agent-api']) pinTo(services.get(role)!.pid!, rest);
          pinTo(process.pid, rest);
        },
      });
    }
    console.log(
      `GET /api/agent/agents (5 agents), SQLite, ${concurrency} concurrent, ${seconds} s × ${rounds} rounds (medians); ` +
        `"alone p50": one request at a time`,
    );
    for (const placement of placements) {
      placement.pin?.();
      const results = new Map<string, Phase[]>(names.map((name) => [name, []]));
      const alone = new Map<string, number[]>(names.map((name) => [name, []]));
      for (let round = 0; round < rounds; round++) {
        for (let offset = 0; offset < names.length; offset++) {
          const name = names[(round + offset) % names.length]!;
          results.get(name)!.push(await measured(services, ...sides[name]!, seconds * 1000, concurrency));
          alone.get(name)!.push((await load(...sides[name]!, 1000, 1)).p50);
        }
      }
      console.log(`\n${placement.label}`);
      console.log(
        'side                req/s   p50 ms   p99 ms   req/s ratio   p50 +ms   alone p50 (+ms)   errors   CPU µs/request: gateway  auth  agent-api',
      );
      const directRate = median(results.get('direct')!.map((phase) => phase.requestsPerSecond));
      const directP50 = median(results.get('direct')!.map((phase) => phase.p50));
      const directAlone = median(alone.get('direct')!);
      for (const [name, phases] of results) {
        const rate = median(phases.map((phase) => phase.requestsPerSecond));
        const p50 = median(phases.map((phase) => phase.p50));
        const p99 = median(phases.map((phase) => phase.p99));
        const aloneP50 = median(alone.get(name)!);
        const errors = phases.reduce((sum, phase) => sum + phase.errors, 0);
        console.log(
          [
            name.padEnd(17),
            rate.toFixed(0).padStart(6),
            p50.toFixed(2).padStart(8),
            p99.toFixed(2).padStart(8),
            (rate / directRate).toFixed(2).padStart(13),
            (p50 - directP50).toFixed(2).padStart(9),
            `${aloneP50.toFixed(2)} (+${(aloneP50 - directAlone).toFixed(2)})`.padStart(17),
            String(errors).padStart(8),
            ['gateway', 'auth', 'agent-api']
              .map((service) => median(phases.map((phase) => phase.cpuPerRequest?.[service] ?? Number.NaN)))
              .map((micros, index) => micros.toFixed(0).padStart([24, 6, 11][index]!))
              .join(''),
          ].join(' '),
        );
      }
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    rmSync(home, { recursive: true, force: true });
  }
}

if (args.role) await serve(args.role, JSON.parse(process.env.BENCH_WIRING!) as Wiring);
else await main();
