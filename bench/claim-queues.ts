/**
 * Benchmark: our Postgres claim queue (`claimRuns` on the `runs` table, woken by the bus's
 * `run.queued` command and a 250 ms poll, as the orchestrator does) beside pg-boss 12 and
 * graphile-worker 0.18, on one Postgres, with no-op work, so only the queue is measured.
 *
 * For each queue: K consumers (each its own connection pool, as separate instances would
 * be) taking up to S jobs at a time;
 * - free:       N jobs, no per-key limit, enqueued before the consumers start → jobs/s to drain;
 * - serialised: N jobs over A agents, at most one running per agent (our agents'
 *               `maxConcurrentRuns: 1`, pg-boss `groupConcurrency: 1`, graphile `queueName`) → jobs/s;
 * - pickup:     idle consumers, one job every 50 ms → enqueue-to-handler latency p50/p99.
 *
 *   npm run bench:claim-queues -- [--jobs 2000] [--consumers 3] [--slots 8] [--agents 20] [--samples 40]
 */
import { parseArgs } from 'node:util';
import { claimRuns, createPostgresEventBus } from '@lifeosai/agent-api';
import { seedAgent } from '@lifeosai/agent-api/testing';
import { newId, nowIso, openDatabase } from '@lifeosai/db';
import { createTestDatabase, startTestPostgres } from '@lifeosai/testkit/postgres';
import {
  type Logger as GraphileLogger,
  makeWorkerUtils,
  type Runner,
  run as runGraphile,
} from 'graphile-worker';
import { PgBoss } from 'pg-boss';
import { percentile } from './percentile.ts';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    consumers: { type: 'string', default: '3' },
    slots: { type: 'string', default: '8' },
    agents: { type: 'string', default: '20' },
    samples: { type: 'string', default: '40' },
  },
});
const jobs = Number(args.jobs);
const consumers = Number(args.consumers);
const slots = Number(args.slots);
const agentCount = Number(args.agents);
const samples = Number(args.samples);

console.log(
  `npm run bench:claim-queues -- --jobs ${jobs} --consumers ${consumers} --slots ${slots} --agents ${agentCount} --samples ${samples}   (Node ${process.version})`,
);

/** One queue under test: enqueue, consume with K consumers, stop. */
interface QueueUnderTest {
  name: string;
  /** Enqueues `count` jobs, job `i` for agent `i % agents` when `perAgent`; answers when committed. */
  enqueue(count: number, perAgent: boolean, stamp?: boolean): Promise<void>;
  /** Starts K consumers; `done(job)` is called once per job handled (with its enqueue stamp if any). */
  consume(perAgent: boolean, done: (stampedAt?: number) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Waits until `count` jobs were handled; answers the seconds it took from `began`. */
function counter(count: number) {
  let handled = 0;
  let resolve: () => void;
  const finished = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    done() {
      handled++;
      if (handled === count) resolve();
    },
    finished,
    handled: () => handled,
  };
}

async function measure(queue: QueueUnderTest) {
  const figures: Record<string, number> = {};
  for (const perAgent of [false, true]) {
    await queue.enqueue(jobs, perAgent);
    const count = counter(jobs);
    const began = performance.now();
    const stop = await queue.consume(perAgent, () => count.done());
    await Promise.race([
      count.finished,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${queue.name}: ${count.handled()} of ${jobs} handled`)), 300_000),
      ),
    ]);
    figures[perAgent ? 'serialised' : 'free'] = jobs / ((performance.now() - began) / 1000);
    await stop();
  }
  // Pickup: idle consumers, one job at a time.
  const latencies: number[] = [];
  const stop = await queue.consume(false, (stampedAt) => {
    if (stampedAt !== undefined) latencies.push(Date.now() - stampedAt);
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (let index = 0; index < samples; index++) {
    await queue.enqueue(1, false, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const deadline = Date.now() + 10_000;
  while (latencies.length < samples && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await stop();
  return {
    ...figures,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    picked: latencies.length,
  };
}

/** Ours: queued runs claimed by `claimRuns`, finished by the consumer; woken by the bus and a 250 ms poll. */
async function ours(url: string): Promise<QueueUnderTest> {
  const producer = await openDatabase({ dialect: 'postgres', url });
  const bus = await createPostgresEventBus({ url, log: { warn() {}, error() {} } as never });
  const agents = await Promise.all(
    Array.from({ length: agentCount }, () =>
      seedAgent(producer.db, { orgId: 'org_bench', maxConcurrentRuns: 1 }),
    ),
  );
  const free = await seedAgent(producer.db, { orgId: 'org_bench', maxConcurrentRuns: 100_000 });
  return {
    name: 'ours (claimRuns)',
    async enqueue(count, perAgent, stamp) {
      const now = nowIso();
      const rows = Array.from({ length: count }, (_, index) => {
        const agent = perAgent ? agents[index % agents.length]! : free;
        return {
          id: newId('run'),
          orgId: agent.orgId,
          agentId: agent.agentId,
          sessionId: agent.sessionId,
          status: 'queued' as const,
          // The stamp rides in the prompt, as a run's own data would.
          prompt: stamp ? String(Date.now()) : 'p',
          timeoutSec: 60,
          createdAt: now,
        };
      });
      for (let start = 0; start < rows.length; start += 500) {
        await producer.db
          .insertInto('runs')
          .values(rows.slice(start, start + 500))
          .execute();
      }
      await bus.sendCommand({ type: 'run.queued', runId: rows[0]!.id });
    },
    async consume(_perAgent, done) {
      const stops = await Promise.all(
        Array.from({ length: consumers }, async (_, index) => {
          const handle = await openDatabase(
            { dialect: 'postgres', url, maxConnections: 4 },
            { migrate: false },
          );
          const owner = `consumer-${index}`;
          let running = true;
          let wake: (() => void) | undefined;
          const stopHearing = bus.onCommand((command) => {
            if (command.type === 'run.queued') wake?.();
          });
          const loop = (async () => {
            while (running) {
              const claimed = await claimRuns(handle.db, 'postgres', { owner, leaseMs: 15_000, slots });
              if (claimed.length > 0) {
                // No-op work, then the run's end, as the executor writes it.
                await handle.db
                  .updateTable('runs')
                  .set({ status: 'succeeded', finishedAt: nowIso(), leaseOwner: null, leaseExpiresAt: null })
                  .where(
                    'id',
                    'in',
                    claimed.map((run) => run.id),
                  )
                  .execute();
                for (const run of claimed) done(run.prompt === 'p' ? undefined : Number(run.prompt));
                continue;
              }
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, 250);
                wake = () => {
                  clearTimeout(timer);
                  resolve();
                };
              });
            }
          })();
          return async () => {
            running = false;
            wake?.();
            stopHearing();
            await loop;
            await handle.close();
          };
        }),
      );
      return async () => {
        await Promise.all(stops.map((stop) => stop()));
      };
    },
    async close() {
      await bus.close();
      await producer.close();
    },
  };
}

/** pg-boss 12: a queue with NOTIFY on; per agent through `group` and `groupConcurrency: 1`. */
async function pgBoss(url: string): Promise<QueueUnderTest> {
  const producer = new PgBoss({ connectionString: url, max: 4 });
  producer.on('error', () => undefined);
  await producer.start();
  await producer.createQueue('bench', { notify: true });
  return {
    name: 'pg-boss 12.38',
    async enqueue(count, perAgent, stamp) {
      const all = Array.from({ length: count }, (_, index) => ({
        data: stamp ? { at: Date.now() } : {},
        ...(perAgent && { group: { id: `agent-${index % agentCount}` } }),
      }));
      for (let start = 0; start < all.length; start += 500)
        await producer.insert('bench', all.slice(start, start + 500));
    },
    async consume(perAgent, done) {
      const bosses = await Promise.all(
        Array.from({ length: consumers }, async () => {
          const boss = new PgBoss({ connectionString: url, max: 4, supervise: false, schedule: false });
          boss.on('error', () => undefined);
          await boss.start();
          await boss.work<{ at?: number }>(
            'bench',
            {
              batchSize: slots,
              pollingIntervalSeconds: 0.5,
              burstWhenBatchFull: true,
              ...(perAgent && { groupConcurrency: 1 }),
            },
            async (batch) => {
              for (const job of batch) done(job.data?.at);
            },
          );
          return boss;
        }),
      );
      return async () => {
        await Promise.all(bosses.map((boss) => boss.stop({ graceful: true, timeout: 10_000 })));
      };
    },
    async close() {
      await producer.stop({ graceful: false });
    },
  };
}

/** graphile-worker 0.18: LISTEN/NOTIFY; per agent through `queueName` (one at a time per queue). */
async function graphile(url: string): Promise<QueueUnderTest> {
  const quiet: GraphileLogger = new (await import('graphile-worker')).Logger(() => () => undefined);
  const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
  await utils.migrate();
  return {
    name: 'graphile-worker 0.18',
    async enqueue(count, perAgent, stamp) {
      const all = Array.from({ length: count }, (_, index) => ({
        identifier: 'bench',
        payload: stamp ? { at: Date.now() } : {},
        ...(perAgent && { queueName: `agent-${index % agentCount}` }),
      }));
      for (let start = 0; start < all.length; start += 500)
        await utils.addJobs(all.slice(start, start + 500));
    },
    async consume(_perAgent, done) {
      const runners: Runner[] = await Promise.all(
        Array.from({ length: consumers }, () =>
          runGraphile({
            connectionString: url,
            concurrency: slots,
            maxPoolSize: 4,
            noHandleSignals: true,
            pollInterval: 250,
            logger: quiet,
            taskList: {
              bench: async (payload) => {
                done((payload as { at?: number } | undefined)?.at);
              },
            },
          }),
        ),
      );
      return async () => {
        await Promise.all(runners.map((runner) => runner.stop()));
      };
    },
    async close() {
      await utils.release();
    },
  };
}

const server = await startTestPostgres();
try {
  const results: Array<{
    name: string;
    free?: number;
    serialised?: number;
    p50: number;
    p99: number;
    picked: number;
  }> = [];
  for (const make of [ours, pgBoss, graphile]) {
    const database = await createTestDatabase(server.adminUrl);
    // Our tables exist in every database (the others ignore them).
    await (await openDatabase({ dialect: 'postgres', url: database.url })).close();
    const queue = await make(database.url);
    try {
      results.push({ name: queue.name, ...(await measure(queue)) });
    } finally {
      await queue.close();
      await database.drop();
    }
  }
  const base = results[0]!;
  for (const result of results) {
    console.log(
      `${result.name.padEnd(22)} free ${result.free!.toFixed(0).padStart(6)} jobs/s (×${(result.free! / base.free!).toFixed(2)})` +
        `  one per agent ${result.serialised!.toFixed(0).padStart(6)} jobs/s (×${(result.serialised! / base.serialised!).toFixed(2)})` +
        `  pickup p50 ${result.p50!.toFixed(0).padStart(4)} ms  p99 ${result.p99!.toFixed(0).padStart(4)} ms (${result.picked}/${samples})`,
    );
  }
} finally {
  await server.stop();
}
