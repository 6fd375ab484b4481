/**
 * Benchmark: run workers (`LIFEOSAI_ROLE=worker`) — real Agent API processes on one Postgres,
 * the Pi harness (sandboxed) against the fake LLM answering every call after a fixed delay,
 * so the work is waiting on the model, not the CPU.
 *
 * 1. Throughput: the same batch of runs created through one API instance, executed by one
 *    worker, then by two (the baseline is the one-worker figure of the same run). Goal: ×1.8.
 * 2. Exactly once: `--total` runs (default 500) created over two API instances and executed by
 *    three workers; every run must succeed with one harness start (`system`), one ending
 *    (`result`) and one model request, and never be held by two workers.
 *
 *   npm run bench:workers -- [--runs 24] [--slots 3] [--llm-delay 500] [--total 500] [--total-slots 6] [--total-llm-delay 100]
 *
 * Runs are real processes: on 2 cores, keep `--slots` low enough that the runs' own CPU (a
 * Pi process each, ~0.3–0.5 s) does not become the limit, or the ratio measures the cores.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestTokenIssuer } from '@lifeosai/agent-api';
import {
  type ServiceProcess,
  startServiceProcess,
  startsAndEndings,
  watchLeaseOwners,
} from '@lifeosai/agent-api/testing';
import { openDatabase } from '@lifeosai/db';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';
import { createTestDatabase, startTestPostgres } from '@lifeosai/testkit/postgres';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '24' },
    slots: { type: 'string', default: '3' },
    'llm-delay': { type: 'string', default: '500' },
    total: { type: 'string', default: '500' },
    'total-slots': { type: 'string', default: '6' },
    'total-llm-delay': { type: 'string', default: '100' },
  },
});
const runs = Number(args.runs);
const slots = Number(args.slots);
const llmDelayMs = Number(args['llm-delay']);
const total = Number(args.total);
const totalSlots = Number(args['total-slots']);
const totalLlmDelayMs = Number(args['total-llm-delay']);
const terminal = ['succeeded', 'failed', 'cancelled', 'timed_out'];

console.log(
  `npm run bench:workers -- --runs ${runs} --slots ${slots} --llm-delay ${llmDelayMs} --total ${total} --total-slots ${totalSlots} --total-llm-delay ${totalLlmDelayMs}   (Node ${process.version})`,
);

const fake = await startFakeLlm();
// Every model call answers after the delay: one delta, then the end. The exactly-once count
// checks who ran what, not how fast: its runs wait less.
fake.on(
  (call) => call.lastUserText.includes('exactly-once'),
  text('Done.', { chunks: 1, delayMs: totalLlmDelayMs }),
);
fake.on(() => true, text('Done.', { chunks: 1, delayMs: llmDelayMs }));
const server = await startTestPostgres();
const database = await createTestDatabase(server.adminUrl);
const home = mkdtempSync(join(tmpdir(), 'lifeosai-bench-workers-'));
const tokens = await createTestTokenIssuer();
const identity = { userId: 'usr_bench', orgId: 'org_bench', role: 'owner' as const };
// Renewed before it ends, as the gateway does (the Agent API refuses long-lived identity tokens).
let authorization = { value: '', renewAt: 0 };
const authorize = async () => {
  if (Date.now() > authorization.renewAt) {
    authorization = { value: await tokens.authorization(identity), renewAt: Date.now() + 30_000 };
  }
  return authorization.value;
};
const env = {
  LIFEOSAI_MODE: 'cloud',
  DATABASE_URL: database.url,
  LIFEOSAI_HOME: home,
  LIFEOSAI_IDENTITY_JWKS: JSON.stringify(tokens.jwks),
  LIFEOSAI_MASTER_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
  ANTHROPIC_API_KEY: 'sk-bench-workers-key',
  ANTHROPIC_BASE_URL: fake.url,
};
const processes: ServiceProcess[] = [];
const start = async (role: 'api' | 'worker', id: string, maxRuns = slots) => {
  const started = await startServiceProcess({
    ...env,
    LIFEOSAI_ROLE: role,
    LIFEOSAI_INSTANCE_ID: id,
    LIFEOSAI_MAX_CONCURRENT_RUNS: String(maxRuns),
  });
  processes.push(started);
  return started;
};

const call = async (instance: ServiceProcess, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: { authorization: await authorize(), 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a benchmark reads the few fields it needs.
  return { status: response.status, body: (await response.json()) as any };
};

async function createAgent(api: ServiceProcess, label: string): Promise<{ id: string }> {
  const created = await call(api, 'POST', '/api/agent/agents', {
    name: label,
    adapterType: 'pi',
    adapterConfig: { model: 'claude-sonnet-4-6' },
    limits: { maxConcurrentRuns: 100 },
  });
  if (created.status !== 201) throw new Error(`the agent was refused: ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Creates `count` runs of a fresh agent over the API instances (alternating); resolves when all are terminal. */
async function batch(label: string, apis: ServiceProcess[], count: number, agent?: { id: string }) {
  agent ??= await createAgent(apis[0]!, label);
  const began = performance.now();
  const created: string[] = [];
  // 20 requests at a time: the API instances are part of what is measured, not a flood.
  for (let index = 0; index < count; index += 20) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(20, count - index) }, (_, offset) =>
        call(apis[(index + offset) % apis.length]!, 'POST', `/api/agent/agents/${agent.id}/runs`, {
          prompt: `${label}-${index + offset}-marker`,
        }),
      ),
    );
    for (const answer of answers) {
      if (answer.status !== 202) throw new Error(`a run was refused: ${JSON.stringify(answer.body)}`);
      created.push(answer.body.id);
    }
  }
  // Read from the table (one query, whatever the count; the API pages its lists).
  const reader = await openDatabase(
    { dialect: 'postgres', url: database.url, maxConnections: 1 },
    { migrate: false },
  );
  try {
    for (;;) {
      const items = await reader.db
        .selectFrom('runs')
        .select(['id', 'status'])
        .where('agentId', '=', agent.id)
        .execute();
      if (items.length === count && items.every((run) => terminal.includes(run.status))) {
        return { created, items, seconds: (performance.now() - began) / 1000 };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await reader.close();
  }
}

try {
  // Migrated once before any instance starts.
  await (await openDatabase({ dialect: 'postgres', url: database.url })).close();
  const apiA = await start('api', 'api-a');
  await start('worker', 'worker-1');
  // A short warm-up: the first runs pay for cold caches (module loading, the sandbox's first start).
  await batch('warmup', [apiA], slots);
  // `--runs 0` skips the throughput comparison.
  if (runs > 0) {
    const one = await batch('one-worker', [apiA], runs);
    await start('worker', 'worker-2');
    const two = await batch('two-workers', [apiA], runs);
    const rate = (figures: { seconds: number }) => runs / figures.seconds;
    console.log(
      `throughput  1 worker  ${rate(one).toFixed(2)} runs/s (${runs} runs in ${one.seconds.toFixed(1)} s, ${slots} slots)`,
    );
    console.log(
      `            2 workers ${rate(two).toFixed(2)} runs/s (${runs} runs in ${two.seconds.toFixed(1)} s)   ×${(rate(two) / rate(one)).toFixed(2)} (goal ≥ ×1.8)`,
    );
  }

  // Exactly once: 2 API instances, 3 workers, `total` runs (`--total 0` skips it).
  if (total > 0) {
    await Promise.all(processes.filter((instance) => instance !== apiA).map((instance) => instance.stop()));
    // One at a time: on a loaded machine four starting at once can outlast the health wait.
    const fleet: ServiceProcess[] = [await start('api', 'api-b')];
    for (const id of ['worker-a', 'worker-b', 'worker-c']) fleet.push(await start('worker', id, totalSlots));
    const apis = [apiA, fleet[0]!];
    const modelCallsBefore = fake.modelRequests().length;
    const agent = await createAgent(apiA, 'exactly-once');
    const owners = watchLeaseOwners(database.url, agent.id);
    const big = await batch('exactly-once', apis, total, agent).finally(() => owners.stop());
    const seen = await owners.stop();
    const counts = await startsAndEndings(database.url, big.created);
    const bodies = fake
      .modelRequests()
      .slice(modelCallsBefore)
      .map((request) => JSON.stringify(request.body));
    const perRun = new Map<string, number>();
    for (const body of bodies) {
      const marker = body.match(/exactly-once-(\d+)-marker/)?.[1];
      if (marker !== undefined) perRun.set(marker, (perRun.get(marker) ?? 0) + 1);
    }
    const failed = big.items.filter((run) => run.status !== 'succeeded');
    const twiceStarted = counts.filter((count) => count.system !== 1 || count.result !== 1);
    const modelCallsOff = Array.from({ length: total }, (_, index) => perRun.get(String(index)) ?? 0).filter(
      (calls) => calls !== 1,
    );
    const byTwo = [...seen].filter(([, holders]) => holders.size > 1);
    console.log(
      `exactly once  ${total} runs over 2 API instances and 3 workers in ${big.seconds.toFixed(1)} s (${(total / big.seconds).toFixed(2)} runs/s): ` +
        `${total - failed.length} succeeded, ${twiceStarted.length} without exactly one start and one ending, ` +
        `${modelCallsOff.length} without exactly one model call, ${byTwo.length} held by two workers`,
    );
    if (failed.length || twiceStarted.length || modelCallsOff.length || byTwo.length) process.exitCode = 1;
  }
} finally {
  await Promise.all(processes.map((instance) => instance.stop()));
  await fake.close();
  await database.drop();
  await server.stop();
  rmSync(home, { recursive: true, force: true });
}
