/**
 * Benchmark: end-to-end event latency of the Agent API — from the moment the executor
 * receives an event from the harness (its `ts`) to the moment an SSE client holds it —
 * with many runs streaming at once, on SQLite and on Postgres. Baseline in the same run:
 * the same harness streams consumed in-process (no database, no HTTP), measured the same
 * way. Also wake → harness-started (POST /runs to the first event), against
 * `harness.start()` → first event directly. Then, on each database, one run followed by
 * `--followers` SSE clients on the same instance: latency of live events and the reads of
 * run_events the run's shared reader made (one per batch at most; none when notices carry
 * the rows), against the reads late clients made catching up.
 *
 *   npm run bench:latency -- [--runs 50] [--chunks 100] [--chunk-delay 10] [--followers 500] [--fanout-delay 30]
 *                            [--load worker|in-process] [--databases sqlite,postgres] [--skip-baseline]
 *                            [--postgres-rtt 0] [--figures FILE]
 *
 * Uses the Pi harness (a sandboxed child process per run) against the fake LLM. On a small
 * machine the runs' own starts take the CPU for a while (50 sandboxed Pi starts: ~30 s of it on
 * 2 cores), so each database's line is followed by the latency of the events stamped while
 * every run was streaming at once — with `--chunks` long enough that the first run is still
 * streaming when the last starts (e.g. `--runs 50 --chunks 6000`).
 *
 * The load — the fake model and the SSE clients — runs in a worker thread (latency-load.ts), so
 * this thread holds the Agent API alone, as a deployed one does; `--load in-process` puts it in
 * this thread, as the bench did before 2026-12-07, to compare. For a series of runs on one
 * database, `--databases postgres --skip-baseline` measures it alone (~2 min with 50 runs).
 * `--postgres-rtt <ms>` puts Postgres that round trip away, as a managed database on another
 * machine is (a relay in the load's thread holds every chunk half of it in each direction).
 * `--figures FILE` appends each database's figures to FILE as one JSON line (`LatencyFigures`),
 * for `npm run bench:latency-series`, which runs this bench again and again.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildApp,
  createIdentityVerifier,
  createInProcessEventBus,
  createOrchestrator,
  createPostgresEventBus,
  createTestTokenIssuer,
  runReadersFor,
  servedPlatform,
  testRunSandboxes,
  wireLlmProxy,
} from '@lifeosai/agent-api';
import type { DialectName } from '@lifeosai/db';
import { openDatabase } from '@lifeosai/db';
import { piConfigSchema, piHarness } from '@lifeosai/harness-pi';
import { createSecretStore, Redactor, SecretCipher } from '@lifeosai/secrets';
import { createTestDatabase, startTestPostgres } from '@lifeosai/testkit/postgres';
import pg from 'pg';
import { startLoad } from './latency-load.ts';
import { type Stalls, watchStalls } from './latency-stalls.ts';
import { percentile } from './percentile.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    chunks: { type: 'string', default: '100' },
    'chunk-delay': { type: 'string', default: '10' },
    followers: { type: 'string', default: '500' },
    'fanout-delay': { type: 'string', default: '30' },
    load: { type: 'string', default: 'worker' },
    databases: { type: 'string', default: 'sqlite,postgres' },
    'skip-baseline': { type: 'boolean', default: false },
    'postgres-rtt': { type: 'string', default: '0' },
    figures: { type: 'string' },
  },
});
if (args.load !== 'worker' && args.load !== 'in-process') {
  throw new Error(`--load is worker (the default) or in-process, not ${args.load}`);
}
const databases = args.databases.split(',');
if (databases.some((name) => name !== 'sqlite' && name !== 'postgres')) {
  throw new Error(`--databases lists sqlite and/or postgres, not ${args.databases}`);
}
const runs = Number(args.runs);
const chunks = Number(args.chunks);
const chunkDelayMs = Number(args['chunk-delay']);
const followers = Number(args.followers);
const fanoutDelayMs = Number(args['fanout-delay']);
const postgresRttMs = Number(args['postgres-rtt']);
if (!(postgresRttMs >= 0))
  throw new Error(`--postgres-rtt is a round trip in ms (0 or more), not ${args['postgres-rtt']}`);
const reply = Array.from({ length: chunks }, (_, index) => `w${index} `).join('');

// The fake model and the SSE clients: in a worker thread unless `--load in-process` (latency-load.ts).
const load = await startLoad({
  reply,
  chunks,
  chunkDelayMs,
  fanoutDelayMs,
  inProcess: args.load === 'in-process',
});
const credentials = { anthropic: { apiKey: 'sk-bench-key-123456', baseUrl: load.fakeUrl } };
const home = mkdtempSync(join(tmpdir(), 'lifeosai-bench-latency-'));

interface Figures {
  latencies: number[];
  starts: number[];
  events: number;
  seconds: number;
  /** Stream events stamped while every run was streaming (after the last one's first text, before the first one's last). */
  allStreaming?: {
    latencies: number[];
    seconds: number;
    stalls: Stalls;
    /** The latencies of those stamped in a second when the machine's CPUs were below 90 % busy. */
    calm: number[];
  };
}

/**
 * One database's figures as `--figures` writes them (one JSON line each; latencies in ms): what
 * `bench:latency-series` reads, nothing more.
 */
export interface LatencyFigures {
  database: string;
  /** While all the runs streamed; absent when they never did. */
  allStreaming?: {
    seconds: number;
    p50: number;
    p99: number;
    /** p99 of the events stamped in seconds when the CPUs were below 90 % busy (absent: none were). */
    calmP99?: number;
    saturatedSeconds: number;
    apiCpuPerEventUs: number;
  };
}

function writeFigures(database: string, figures: Figures): void {
  if (args.figures === undefined) return;
  const steady = figures.allStreaming;
  const line: LatencyFigures = {
    database,
    ...(steady &&
      steady.latencies.length > 0 && {
        allStreaming: {
          seconds: steady.seconds,
          p50: percentile(steady.latencies, 50),
          p99: percentile(steady.latencies, 99),
          ...(steady.calm.length > 0 && { calmP99: percentile(steady.calm, 99) }),
          saturatedSeconds: steady.stalls.saturatedSeconds,
          apiCpuPerEventUs: (steady.stalls.threadCpuMs / steady.latencies.length) * 1000,
        },
      }),
  };
  appendFileSync(args.figures, `${JSON.stringify(line)}\n`);
}

function report(label: string, figures: Figures, baseline?: Figures): void {
  const p50 = percentile(figures.latencies, 50);
  const p99 = percentile(figures.latencies, 99);
  const rate = figures.events / figures.seconds;
  const start50 = percentile(figures.starts, 50);
  const ratio = baseline
    ? `  (vs baseline: +${(p50 - percentile(baseline.latencies, 50)).toFixed(2)} ms p50, ev/s ×${(rate / (baseline.events / baseline.seconds)).toFixed(2)}, start ×${(start50 / percentile(baseline.starts, 50)).toFixed(2)})`
    : '';
  console.log(
    `${label.padEnd(22)} latency p50 ${p50.toFixed(2).padStart(7)} ms  p99 ${p99.toFixed(2).padStart(7)} ms  ${Math.round(rate).toString().padStart(6)} ev/s  start p50 ${start50.toFixed(0).padStart(5)} ms${ratio}`,
  );
  const steady = figures.allStreaming;
  if (steady) {
    const { stalls } = steady;
    const longPauses = Object.values(stalls.gcLongByKind).reduce((sum, count) => sum + count, 0);
    console.log(
      steady.latencies.length > 0
        ? `${''.padEnd(22)} while all ${runs} streamed (${steady.seconds.toFixed(1)} s, ${steady.latencies.length} events): latency p50 ${percentile(steady.latencies, 50).toFixed(2)} ms  p99 ${percentile(steady.latencies, 99).toFixed(2)} ms\n${''.padEnd(22)} the API's thread then: event-loop delay p99 ${stalls.loopDelayP99Ms.toFixed(0)} ms (worst second), max ${stalls.loopDelayMaxMs.toFixed(0)} ms; GC ${stalls.gcTotalMs.toFixed(0)} ms in all, ${longPauses} pauses over 10 ms (${JSON.stringify(stalls.gcLongByKind)}), longest ${stalls.gcLongestMs.toFixed(0)} ms; heap used ${stalls.heapUsedMb.toFixed(0)} MB after; its CPU ${(stalls.threadCpuMs / 1000).toFixed(1)} s (${((stalls.threadCpuMs / Math.max(1, steady.latencies.length)) * 1000).toFixed(0)} µs per event)\n${''.padEnd(22)} the machine's CPUs were ≥ 90 % busy in ${stalls.saturatedSeconds} of those seconds; events stamped in the others (${steady.calm.length}): p99 ${steady.calm.length > 0 ? `${percentile(steady.calm, 99).toFixed(2)} ms` : '—'}`
        : `${''.padEnd(22)} the ${runs} runs never all streamed at once (the first ended before the last started): raise --chunks`,
    );
  }
}

/** Baseline: the harness's events consumed in-process, stamped on arrival like the executor does. */
async function inProcess(): Promise<Figures> {
  const latencies: number[] = [];
  const starts: number[] = [];
  let events = 0;
  // Sandboxed as on the platform (the runner reaches the fake directly: no LLM proxy here).
  const sandboxes = await testRunSandboxes(
    [Number(new URL(load.fakeUrl).port)],
    servedPlatform('http://127.0.0.1:9'),
  );
  const began = performance.now();
  await Promise.all(
    Array.from({ length: runs }, async (_, index) => {
      const directory = mkdtempSync(join(home, 'direct-'));
      const sandbox = await sandboxes.open({
        agentId: 'agt_bench',
        workspace: directory,
        stateDirectory: directory,
        concurrentRuns: runs,
      });
      const started = performance.now();
      const handle = piHarness.start({
        runId: `run_direct_${index}`,
        agentId: 'agt_bench',
        prompt: `bench ${index}`,
        config: piConfigSchema.parse({ model: 'claude-sonnet-4-6' }),
        cwd: directory,
        dataDir: directory,
        session: { kind: 'new' },
        credentials,
        env: {},
        signal: new AbortController().signal,
        limits: { stallTimeoutMs: 60_000, runTimeoutMs: 300_000 },
        launcher: sandbox.launcher,
        platformTools: [],
        mcpServers: {},
        skills: [],
        permissions: { mode: 'allow', rules: [], askTimeoutMs: 1000 },
      } as never);
      let first = true;
      for await (const event of handle.events) {
        const stamped = performance.now();
        if (first) starts.push(stamped - started);
        first = false;
        // The consumer's receipt is the same instant: what in-process delivery adds is one hop.
        const received = await Promise.resolve(performance.now());
        if (event.type === 'stream_event') latencies.push(received - stamped);
        if (event.type === 'error') throw new Error(`the baseline run failed: ${JSON.stringify(event)}`);
        events++;
      }
      await sandbox.close();
    }),
  );
  return { latencies, starts, events, seconds: (performance.now() - began) / 1000 };
}

async function throughPlatform(dialect: DialectName, url?: string): Promise<Figures> {
  const handle =
    dialect === 'sqlite'
      ? await openDatabase({ dialect, path: join(home, `bench-${Date.now()}.db`) })
      : await openDatabase({ dialect, url: url! });
  const bus =
    dialect === 'postgres' ? await createPostgresEventBus({ url: url! }) : createInProcessEventBus();
  const tokens = await createTestTokenIssuer();
  const harnesses = new Map([[piHarness.id, piHarness as never]]);
  let base = '';
  // As in the service: once the app listens, runs' platform requests are served in process.
  const platform = servedPlatform();
  // As in the service: runs reach the fake through the Agent API's LLM proxy.
  const llm = wireLlmProxy({
    db: handle.db,
    harnesses,
    secrets: createSecretStore({
      db: handle.db,
      cipher: new SecretCipher(randomBytes(32)),
      redactor: new Redactor(),
    }),
    masterKey: randomBytes(32),
    env: { ANTHROPIC_API_KEY: credentials.anthropic.apiKey, ANTHROPIC_BASE_URL: load.fakeUrl },
  });
  const orchestrator = createOrchestrator({
    db: handle.db,
    dialect,
    bus,
    harnesses,
    home,
    instanceId: 'bench',
    maxConcurrentRuns: runs,
    stallTimeoutMs: 60_000,
    pollMs: 50,
    heartbeatTickMs: 0,
    ...llm.executor,
    platformToolsFor: () => [],
    sandboxes: await testRunSandboxes([], platform),
  });
  llm.connect(orchestrator);
  const app = await buildApp({
    db: handle.db,
    verifyIdentity: createIdentityVerifier({ jwks: tokens.jwks }),
    bus,
    harnesses,
    orchestrator,
    home,
    llmProxy: llm.llmProxy,
    version: 'bench',
  });
  orchestrator.start();
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  platform.serve(app, base);
  const identity = { userId: 'usr_bench', orgId: 'org_bench', role: 'owner' as const };
  const headers = {
    authorization: await tokens.authorization(identity, { expiresInSeconds: 3600 }),
    'content-type': 'application/json',
  };
  const agent = (await (
    await fetch(`${base}/api/agent/agents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'bench',
        adapterType: 'pi',
        adapterConfig: { model: 'claude-sonnet-4-6' },
        limits: { maxConcurrentRuns: runs },
      }),
    })
  ).json()) as { id: string };

  const began = performance.now();
  const watch = watchStalls();
  const { starts, stamped, firstText, lastText, events } = await load.stream({
    base,
    headers,
    agentId: agent.id,
    runs,
  });
  const latencies = stamped.map((event) => event.latency);
  const seconds = (performance.now() - began) / 1000;
  // The window in which every run was streaming: the concurrency the figure is about, without
  // the start-up (runs starting one after another) and the tail (runs ending).
  const from = Math.max(...firstText);
  const to = Math.min(...lastText);
  const inWindow = stamped.filter((event) => event.ts >= from && event.ts <= to);
  const stalls = watch.during(from, to);
  const allStreaming = {
    latencies: inWindow.map((event) => event.latency),
    seconds: Math.max(0, (to - from) / 1000),
    stalls,
    calm: inWindow.filter((event) => !stalls.saturatedAt(event.ts)).map((event) => event.latency),
  };
  watch.stop();
  if (followers > 0) await fanOut(dialect, base, headers, agent.id, runReadersFor(handle.db, bus));
  await app.close();
  await orchestrator.stop();
  await llm.llmProxy.close();
  await bus.close();
  await handle.close();
  return { latencies, starts, events, seconds, allStreaming };
}

/** One run, `followers` SSE clients of it on this instance. */
async function fanOut(
  dialect: DialectName,
  base: string,
  headers: Record<string, string>,
  agentId: string,
  readers: ReturnType<typeof runReadersFor>,
): Promise<void> {
  const before = { ...readers.counts };
  const { latencies, complete, lastEvents } = await load.fanOut({ base, headers, agentId, followers });
  const reads = readers.counts.reads - before.reads;
  const catchUp = readers.counts.catchUpReads - before.catchUpReads;
  const applied = readers.counts.noticesApplied - before.noticesApplied;
  console.log(
    `${`${dialect} fan-out`.padEnd(22)} ${followers} clients of one run (${lastEvents} events, ${complete} got the result): live latency p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  shared reads ${reads}, notices taken without a read ${applied}, catch-up reads ${catchUp}`,
  );
}

console.log(
  `  command: npm run bench:latency -- --runs ${runs} --chunks ${chunks} --chunk-delay ${chunkDelayMs} --followers ${followers} --fanout-delay ${fanoutDelayMs} --load ${args.load} --databases ${args.databases}${args['skip-baseline'] ? ' --skip-baseline' : ''}${postgresRttMs > 0 ? ` --postgres-rtt ${postgresRttMs}` : ''}${args.figures !== undefined ? ` --figures ${args.figures}` : ''}`,
);
console.log(
  `event-latency: ${runs} concurrent Pi runs, ${chunks} text chunks each ${chunkDelayMs} ms apart (Node ${process.version})`,
);
try {
  const baseline = args['skip-baseline'] ? undefined : await inProcess();
  if (baseline) report('in-process (baseline)', baseline);
  if (databases.includes('sqlite')) {
    const figures = await throughPlatform('sqlite');
    report('sqlite + SSE', figures, baseline);
    writeFigures('sqlite', figures);
  }
  if (databases.includes('postgres')) {
    const server = await startTestPostgres();
    try {
      const database = await createTestDatabase(server.adminUrl);
      let url = database.url;
      if (postgresRttMs > 0) {
        const relayed = new URL(url);
        relayed.port = String(await load.relay({ port: Number(relayed.port), delayMs: postgresRttMs / 2 }));
        url = relayed.toString();
        // What the relay really adds: its timers fire late by up to a millisecond.
        const probe = new pg.Client({ connectionString: url });
        await probe.connect();
        const trips: number[] = [];
        for (let trip = 0; trip < 20; trip++) {
          const sent = performance.now();
          await probe.query('select 1');
          trips.push(performance.now() - sent);
        }
        await probe.end();
        console.log(
          `  a Postgres round trip through the relay: median ${percentile(trips, 50).toFixed(1)} ms (select 1, 20 times)`,
        );
      }
      const label = postgresRttMs > 0 ? 'postgres, relayed' : 'postgres + SSE';
      const figures = await throughPlatform('postgres', url);
      report(label, figures, baseline);
      writeFigures('postgres', figures);
    } finally {
      await server.stop();
    }
  }
} finally {
  await load.close();
  rmSync(home, { recursive: true, force: true });
}
