/**
 * Benchmark: the LLM proxy's cost. The same streamed Anthropic Messages call (the fake LLM's
 * SSE reply of `--chunks` deltas) sent straight to the fake and through the Agent API's LLM
 * proxy — token check, run and agent lookup, budget query, credential resolution, upstream
 * call, usage read off the stream and stored — in the same run, reported as ratios:
 *
 * - added time to first byte: sequential calls, median of the time to the first body chunk;
 * - throughput: `--concurrency` callers back to back for `--seconds`, calls/s and MB/s.
 *
 *   npm run bench:llm-proxy -- [--seconds 5] [--concurrency 16] [--chunks 50] [--rounds 3]
 *
 * As in local mode, the fake and the Agent API are processes of their own (SQLite in a
 * temporary home); the load comes from this process. Each figure is the median over the
 * rounds, and the order of the sides rotates per round. `BENCH_PROFILE_DIR=<dir>` writes a
 * CPU profile of the Agent API process there (`--cpu-prof`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildApp,
  builtInHarnesses,
  createIdentityVerifier,
  createInProcessEventBus,
  createOrchestrator,
  createRunSandboxes,
  servedPlatform,
  wireLlmProxy,
} from '@lifeosai/agent-api';
import { seedAgent, seedRuns } from '@lifeosai/agent-api/testing';
import { openDatabase } from '@lifeosai/db';
import { loadSandboxSettings } from '@lifeosai/sandbox';
import { createSecretStore, Redactor, SecretCipher } from '@lifeosai/secrets';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';
import { freePort } from '@lifeosai/testkit/ports';
import { Agent, request } from 'undici';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    chunks: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    ttfbCalls: { type: 'string', default: '200' },
    // Internal: set when this file runs as one of the two servers.
    role: { type: 'string' },
    port: { type: 'string' },
    upstream: { type: 'string' },
  },
});

const body = JSON.stringify({
  model: 'claude-sonnet-4-6',
  max_tokens: 1024,
  stream: true,
  messages: [{ role: 'user', content: 'Tell me something.' }],
});

/** The fake LLM, answering every call with the same streamed reply. */
async function serveFake(port: number, chunks: number): Promise<void> {
  const fake = await startFakeLlm({ port });
  const reply = 'The quick brown fox jumps over the lazy dog. '.repeat(Math.max(1, Math.ceil(chunks / 9)));
  fake.on(() => true, text(reply, { chunks }));
  console.log('ready');
  process.once('SIGTERM', () => void fake.close().then(() => process.exit(0)));
}

/** The Agent API with its LLM proxy; prints the proxy token of a running run. */
async function serveProxy(port: number, upstream: string): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-bench-proxy-'));
  const database = await openDatabase({ dialect: 'sqlite', path: join(home, 'lifeosai.db') });
  const harnesses = builtInHarnesses();
  const origin = `http://127.0.0.1:${port}`;
  const llm = wireLlmProxy({
    db: database.db,
    harnesses,
    secrets: createSecretStore({
      db: database.db,
      cipher: new SecretCipher(randomBytes(32)),
      redactor: new Redactor(),
    }),
    masterKey: randomBytes(32),
    env: { ANTHROPIC_API_KEY: 'sk-bench-key-000000', ANTHROPIC_BASE_URL: upstream },
  });
  const bus = createInProcessEventBus();
  const orchestrator = createOrchestrator({
    db: database.db,
    dialect: 'sqlite',
    bus,
    harnesses,
    home,
    instanceId: 'bench',
    stallTimeoutMs: 30_000,
    heartbeatTickMs: 0,
    ...llm.executor,
    platformToolsFor: () => [],
    // Plain processes: this measures the proxy, not the sandbox (bench:sandbox does).
    sandboxes: await createRunSandboxes({
      settings: loadSandboxSettings({ LIFEOSAI_SANDBOX: 'off' }),
      platformMode: 'local',
      platform: servedPlatform(origin),
    }),
  });
  llm.connect(orchestrator);
  const app = await buildApp({
    db: database.db,
    verifyIdentity: createIdentityVerifier({ jwks: { keys: [] } }),
    bus,
    harnesses,
    orchestrator,
    home,
    llmProxy: llm.llmProxy,
    version: 'bench',
  });
  // A running run with a budget, so every call pays for the budget query as in production.
  const seeded = await seedAgent(database.db, { orgId: 'org_bench' });
  await database.db
    .updateTable('agents')
    .set({ monthlyBudgetUsd: 1e9 })
    .where('id', '=', seeded.agentId)
    .execute();
  const [runId] = await seedRuns(database.db, seeded, 1, { status: 'running', attempt: 1 });
  const token = await llm.runTokens.mint(
    { id: runId!, orgId: 'org_bench', agentId: seeded.agentId, attempt: 1 },
    3600,
    'llm',
  );
  await app.listen({ host: '127.0.0.1', port });
  console.log(`ready ${token}`);
  process.once('SIGTERM', async () => {
    await app.close();
    await llm.llmProxy.close();
    await database.close();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  });
}

/** Starts this file as a server process; resolves with what it printed after `ready`. */
function startServer(role: string, extra: string[]): Promise<{ child: ChildProcess; said: string }> {
  const profile = process.env.BENCH_PROFILE_DIR
    ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = spawn(
    process.execPath,
    [...(role === 'proxy' ? profile : []), import.meta.filename, '--role', role, ...extra],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const line = /ready ?(\S*)\n/.exec(output);
      if (line) resolve({ child, said: line[1] ?? '' });
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before it was ready`)));
  });
}

interface Side {
  label: string;
  url: string;
  headers: Record<string, string>;
}

const pool = new Agent({ connections: 256, keepAliveTimeout: 30_000 });

/** One streamed call; resolves with the time to its first body chunk and its size. */
async function call(side: Side): Promise<{ firstByteMs: number; bytes: number }> {
  const started = performance.now();
  const response = await request(side.url, { method: 'POST', headers: side.headers, body, dispatcher: pool });
  if (response.statusCode !== 200)
    throw new Error(`${side.label}: HTTP ${response.statusCode} ${await response.body.text()}`);
  let firstByteMs = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += (chunk as Buffer).length;
  }
  return { firstByteMs, bytes };
}

async function firstByte(side: Side, calls: number): Promise<number> {
  for (let warmup = 0; warmup < 20; warmup++) await call(side);
  const times: number[] = [];
  for (let index = 0; index < calls; index++) times.push((await call(side)).firstByteMs);
  return median(times);
}

async function throughput(
  side: Side,
  seconds: number,
  concurrency: number,
): Promise<{ callsPerSecond: number; mbPerSecond: number }> {
  const warmupEnd = performance.now() + 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmupEnd) await call(side);
    }),
  );
  let calls = 0;
  let bytes = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const done = await call(side);
        bytes += done.bytes;
        calls++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { callsPerSecond: calls / elapsed, mbPerSecond: bytes / elapsed / 1024 / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const seconds = Number(args.seconds);
  const concurrency = Number(args.concurrency);
  const chunks = Number(args.chunks);
  const rounds = Number(args.rounds);
  const ttfbCalls = Number(args.ttfbCalls);
  const [fakePort, proxyPort] = [await freePort(), await freePort()];
  const fake = await startServer('fake', ['--port', String(fakePort), '--chunks', String(chunks)]);
  const upstream = `http://127.0.0.1:${fakePort}`;
  const proxy = await startServer('proxy', ['--port', String(proxyPort), '--upstream', upstream]);
  const sides: Side[] = [
    {
      label: 'direct',
      url: `${upstream}/v1/messages`,
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'sk-bench-key-000000',
        'anthropic-version': '2023-06-01',
      },
    },
    {
      label: 'proxy',
      url: `http://127.0.0.1:${proxyPort}/llm/anthropic/v1/messages`,
      headers: {
        'content-type': 'application/json',
        'x-api-key': proxy.said,
        'anthropic-version': '2023-06-01',
      },
    },
  ];
  const figures = new Map(
    sides.map((side) => [side.label, { ttfb: [] as number[], calls: [] as number[], mb: [] as number[] }]),
  );
  try {
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const entry = figures.get(side.label)!;
        entry.ttfb.push(await firstByte(side, ttfbCalls));
        const load = await throughput(side, seconds, concurrency);
        entry.calls.push(load.callsPerSecond);
        entry.mb.push(load.mbPerSecond);
      }
    }
  } finally {
    fake.child.kill('SIGTERM');
    proxy.child.kill('SIGTERM');
    await pool.close();
  }
  const direct = figures.get('direct')!;
  const proxied = figures.get('proxy')!;
  const [ttfbDirect, ttfbProxy] = [median(direct.ttfb), median(proxied.ttfb)];
  const [callsDirect, callsProxy] = [median(direct.calls), median(proxied.calls)];
  const [mbDirect, mbProxy] = [median(direct.mb), median(proxied.mb)];
  console.log(
    `llm-proxy: streamed Anthropic call of ${chunks} deltas; ${rounds} rounds; TTFB over ${ttfbCalls} sequential calls; ` +
      `throughput ${concurrency} callers × ${seconds} s (Node ${process.version})`,
  );
  console.log(
    `  time to first byte  direct ${ttfbDirect.toFixed(2)} ms   proxy ${ttfbProxy.toFixed(2)} ms   added ${(ttfbProxy - ttfbDirect).toFixed(2)} ms   ratio ×${(ttfbProxy / ttfbDirect).toFixed(2)}`,
  );
  console.log(
    `  throughput          direct ${callsDirect.toFixed(0)} calls/s   proxy ${callsProxy.toFixed(0)} calls/s   ratio ×${(callsProxy / callsDirect).toFixed(2)}`,
  );
  console.log(
    `  bytes               direct ${mbDirect.toFixed(2)} MB/s   proxy ${mbProxy.toFixed(2)} MB/s   ratio ×${(mbProxy / mbDirect).toFixed(2)}`,
  );
}

if (args.role === 'fake') await serveFake(Number(args.port), Number(args.chunks));
else if (args.role === 'proxy') await serveProxy(Number(args.port), args.upstream!);
else await main();
