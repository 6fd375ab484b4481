/**
 * Benchmark: local mode's start and idle memory. Each round runs what `npm start` runs
 * (package.json's start script: `node <flags> scripts/start.mjs`) with a fresh LIFEOSAI_HOME
 * and free loopback ports, and measures the wall time from spawn until every service's
 * `/healthz` answers 200 (auth, agent-api, user-management, web); then, after an idle period
 * without requests, the resident memory of the whole process tree per service; then the stop
 * on SIGINT, checking that no process of the tree and no port is left. Baseline in the same run:
 * four bare Node HTTP servers started one after another (as the supervisor starts the services),
 * their idle memory and stop.
 *
 *   npm run bench:local -- [--rounds 3] [--idle 10] [--shapes one,separate]
 *
 * Shapes: `one` is npm start's default (auth, agent-api and user-management in one process,
 * `scripts/local-services.ts`); `separate` is `npm start -- --separate` (a process per service,
 * the shape before ADR 0026). Both run in the same bench, one after the other each round, and
 * the report ends with their ratios.
 *
 * Round 1 is the first start: it builds the web app when `apps/web/.next` is missing, and the
 * report says whether it did. Later rounds are warm starts (each still on a fresh data
 * directory: migrations and key generation run every time). The web build is shared with the
 * browser tests, so where they may run, hold their lock: `flock /tmp/lifeosai-e2e.lock npm run …`.
 * RSS counts pages shared between processes once per process; PSS splits them fairly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { descendantsOf, isStillRunning, type ProcEntry, residentKilobytes } from '@lifeosai/harness-kit';
import { isPortFree } from '@lifeosai/supervisor';
import { freePort } from '@lifeosai/testkit/ports';
import {
  compare,
  loadAverage,
  type Memory,
  mb,
  oneProcessName,
  type Round,
  report,
  type Service,
  seconds,
  services,
  total,
} from './local-mode-report.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    idle: { type: 'string', default: '10' },
    shapes: { type: 'string', default: 'one,separate' },
  },
});
const shapes = args.shapes.split(',').map((shape) => shape.trim());
if (shapes.some((shape) => shape !== 'one' && shape !== 'separate') || shapes.length === 0) {
  console.error('usage: npm run bench:local -- [--shapes one,separate]');
  process.exit(1);
}
const rounds = Number(args.rounds);
const idleMs = Number(args.idle) * 1000;
if (!Number.isInteger(rounds) || rounds < 1 || !(idleMs >= 0)) {
  console.error('usage: npm run bench:local -- [--rounds N ≥ 1] [--idle seconds ≥ 0]');
  process.exit(1);
}
const root = join(import.meta.dirname, '..');
/** package.json's `start` script (`node <flags> scripts/start.mjs`): its node flags and its entry. */
const startWords = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start.split(' ');
const startFlags = startWords.filter((word) => word.startsWith('--'));
const startEntry = join(root, startWords.find((word) => word.startsWith('scripts/'))!);
const pollMs = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** VmRSS and PSS (smaps_rollup) of the given processes, summed. */
function memoryOf(pids: number[]): Memory {
  let rssKb = 0;
  let pssKb = 0;
  for (const pid of pids) {
    rssKb += residentKilobytes(pid);
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      pssKb += match ? Number(match[1]) : 0;
    } catch {
      // Gone: counts as nothing, like residentKilobytes.
    }
  }
  return { rssKb, pssKb, processes: pids.length };
}

/** Which service a direct child of the supervisor runs, from its command line. */
function serviceOf(pid: number): string {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  for (const name of services) if (argv.includes(join(root, 'apps', name, 'src', 'main.ts'))) return name;
  if (argv.includes(join(root, 'scripts', 'local-services.ts'))) return oneProcessName;
  // The same entries bundled (scripts/local-bundles.ts: <build>/services/…, <build>/web/…).
  const bundled = argv.find((arg) => arg.includes('/lifeosai-local/'));
  if (bundled?.endsWith('/services/local-services.mjs')) return oneProcessName;
  if (bundled?.endsWith('/web/main.mjs')) return 'web';
  return `other (${argv[0]})`;
}

/**
 * CPU ms the tree under `pid` has used: each live process's own time plus what it reaped of
 * its children that ended (the prepare child, a probe's processes).
 */
function treeCpuMs(pid: number): number {
  const ticksPerMs = 100 / 1000; // USER_HZ, 100 on Linux
  let ticks = 0;
  for (const entry of [pid, ...descendantsOf(pid).map((descendant) => descendant.pid)]) {
    try {
      // Fields after the command (which may hold spaces): utime, stime, cutime, cstime are 14–17.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // Ended meanwhile: its parent reaped it into its own children's time.
    }
  }
  return ticks / ticksPerMs;
}

/** Memory per service (each with its descendants) plus the supervisor process itself. */
function treeMemory(supervisorPid: number): Record<string, Memory> {
  const result: Record<string, Memory> = { supervisor: memoryOf([supervisorPid]) };
  for (const child of descendantsOf(supervisorPid).filter((entry) => entry.parentPid === supervisorPid)) {
    result[serviceOf(child.pid)] = memoryOf([
      child.pid,
      ...descendantsOf(child.pid).map((entry) => entry.pid),
    ]);
  }
  return result;
}

/** Resolves once `child` exited, with the ms it took from `since`. */
function exitTime(child: ChildProcess, since: () => number): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(since());
    else child.once('exit', () => resolve(since()));
  });
}

async function platformRound(shape: string): Promise<Omit<Round, 'bare'>> {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-bench-local-'));
  const ports: Record<Service, number> = {
    auth: await freePort(),
    'agent-api': await freePort(),
    'user-management': await freePort(),
    web: await freePort(),
  };
  const began = performance.now();
  const elapsed = () => performance.now() - began;
  // As `npm start` runs it (package.json: node flags, then the script); `--separate` is the shape
  // before ADR 0026, without the flags.
  const command = shape === 'separate' ? [startEntry, '--separate'] : [...startFlags, startEntry];
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: {
      ...process.env,
      LIFEOSAI_HOME: home,
      LIFEOSAI_MODE: 'local',
      LIFEOSAI_AUTH_PORT: String(ports.auth),
      LIFEOSAI_AGENT_API_PORT: String(ports['agent-api']),
      LIFEOSAI_USER_MANAGEMENT_PORT: String(ports['user-management']),
      LIFEOSAI_WEB_PORT: String(ports.web),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise((resolve) => child.once('close', resolve));
  let output = '';
  let prepareMs = Number.NaN;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (Number.isNaN(prepareMs) && output.includes('✓ database ready')) prepareMs = elapsed();
    });
  }
  const fail = (what: string) =>
    new Error(`${what}; npm start printed:\n${output.split('\n').slice(-30).join('\n')}`);
  try {
    const healthyMs: Partial<Record<Service, number>> = {};
    const deadline = Date.now() + 600_000;
    let expected: readonly Service[] = services;
    while (expected.some((name) => healthyMs[name] === undefined)) {
      if (child.exitCode !== null) throw fail(`npm start exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw fail('not every service was healthy within 10 minutes');
      // An unbuildable or missing web app is left out by npm start: then measure the other three.
      if (/LIFEOSAI is ready in .*without the web app/.test(output)) expected = services.slice(0, 3);
      await Promise.all(
        expected
          .filter((name) => healthyMs[name] === undefined)
          .map(async (name) => {
            if (await answers(`http://127.0.0.1:${ports[name]}/healthz`)) healthyMs[name] = elapsed();
          }),
      );
      await sleep(pollMs);
    }
    const startMs = Math.max(...expected.map((name) => healthyMs[name]!));
    const startCpuMs = treeCpuMs(child.pid!);
    const built = output.includes('building the web app');
    progress(`start ${seconds(startMs)}${built ? ' (web app built first)' : ''}; idle ${idleMs / 1000} s…`);
    await sleep(idleMs);
    const memory = treeMemory(child.pid!);
    // This process's descendants: npm start itself and everything under it, any process group.
    const tree: ProcEntry[] = descendantsOf(process.pid);
    const stopBegan = performance.now();
    child.kill('SIGINT');
    const stopMs = await exitTime(child, () => performance.now() - stopBegan);
    await closed;
    if (!output.includes('✓ stopped, no process left')) throw fail('npm start did not report a clean stop');
    const leftProcesses = tree.filter(isStillRunning).length;
    let busyPorts = 0;
    for (const port of Object.values(ports)) if (!(await isPortFree(port))) busyPorts++;
    return { prepareMs, healthyMs, startMs, startCpuMs, built, memory, stopMs, leftProcesses, busyPorts };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await Promise.race([exitTime(child, () => 0), sleep(15_000)]);
    }
    rmSync(home, { recursive: true, force: true });
  }
}

/** Four bare Node HTTP servers, started one after another, idled and stopped like the platform. */
async function bareRound(): Promise<Round['bare']> {
  const children: ChildProcess[] = [];
  const began = performance.now();
  try {
    for (const _ of services) {
      const port = await freePort();
      const code = `require('http').createServer((request, response) => response.end('ok')).listen(${port}, '127.0.0.1')`;
      const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
      children.push(child);
      while (!(await answers(`http://127.0.0.1:${port}/healthz`))) {
        if (child.exitCode !== null) throw new Error(`a bare Node server exited with code ${child.exitCode}`);
        await sleep(pollMs);
      }
    }
    const startMs = performance.now() - began;
    await sleep(idleMs);
    const memory = memoryOf(children.map((child) => child.pid!));
    const stopBegan = performance.now();
    for (const child of children) child.kill('SIGINT');
    const stopMs = Math.max(
      ...(await Promise.all(children.map((child) => exitTime(child, () => performance.now() - stopBegan)))),
    );
    return { startMs, memory, stopMs };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

function progress(line: string): void {
  console.log(`  … ${line}`);
}

const webBuiltBefore = existsSync(join(root, 'apps', 'web', '.next', 'BUILD_ID'));
console.log(
  `local mode: ${rounds} rounds, each on a fresh LIFEOSAI_HOME and free ports; memory after ${idleMs / 1000} s idle`,
);
console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${loadAverage()} (1/5/15 min)`,
);
const results = new Map<string, Round[]>(shapes.map((shape) => [shape, []]));
for (let round = 1; round <= rounds; round++) {
  for (const shape of shapes) {
    progress(
      `round ${round}/${rounds}, ${shape}: npm start (${startWords.slice(1).join(' ')}${shape === 'separate' ? ' --separate' : ''})…`,
    );
    const platform = await platformRound(shape);
    progress(
      `round ${round}, ${shape}: RSS ${mb(total(platform.memory).rssKb)} MB, stop ${seconds(platform.stopMs)}; four bare Node servers…`,
    );
    const bare = await bareRound();
    progress(`round ${round}: bare start ${seconds(bare.startMs)}, RSS ${mb(bare.memory.rssKb)} MB`);
    results.get(shape)!.push({ ...platform, bare });
  }
}
for (const shape of shapes) {
  console.log(`
=== ${shape === 'one' ? 'one process for the three services (npm start)' : 'a process per service (npm start -- --separate)'}`);
  // After the first shape's first round the web app is built (by it, when it was missing).
  report(results.get(shape)!, idleMs, webBuiltBefore || shape !== shapes[0]);
}
if (shapes.length === 2) compare(results.get('one')!, results.get('separate')!);
