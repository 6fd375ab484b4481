/**
 * Benchmark: where one Postgres's LISTEN/NOTIFY stops scaling for the event path —
 * instances × streams. N buses (each one Agent API instance's LISTEN connection) follow
 * every run; one publishing bus sends notices carrying their rows (~600 bytes, a streamed
 * batch) at an offered rate. Per configuration: notices sent per second, deliveries per second
 * (sent × N when nothing is lost), and the delay from publish to a listener's callback.
 * Baseline in the same run: 1 listener at the lowest rate.
 *
 *   node bench/listen-notify-scaling.ts [--seconds 3] [--listeners 1,4,16] [--rates 1000,4000,16000] [--runs 50]
 *
 * Every bus runs in this one process: past some rate the limit is this process's CPU
 * parsing N copies of each notice, not Postgres — the report says which one saturated.
 */
import { parseArgs } from 'node:util';
import { createPostgresEventBus } from '@lifeosai/agent-api';
import { createTestDatabase, startTestPostgres } from '@lifeosai/testkit/postgres';
import { percentile } from './percentile.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    listeners: { type: 'string', default: '1,4,16' },
    rates: { type: 'string', default: '1000,4000,16000' },
    runs: { type: 'string', default: '50' },
  },
});
const seconds = Number(args.seconds);
const listenerCounts = args.listeners.split(',').map(Number);
const rates = args.rates.split(',').map(Number);
const runs = Number(args.runs);
const quietLog = { warn: () => {}, error: () => {} };
const padding = 'w'.repeat(400);

interface Figures {
  listeners: number;
  offered: number;
  sent: number;
  delivered: number;
  p50: number;
  p99: number;
  cpu: number;
}

async function measure(url: string, listeners: number, offered: number): Promise<Figures> {
  const publisher = await createPostgresEventBus({ url, log: quietLog });
  const buses = await Promise.all(
    Array.from({ length: listeners }, () => createPostgresEventBus({ url, log: quietLog })),
  );
  const delays: number[] = [];
  let delivered = 0;
  for (const bus of buses)
    for (let run = 0; run < runs; run++)
      bus.subscribe(`run_scale_${run}`, (notice) => {
        delivered++;
        const sentAt = notice.events?.[0]?.data.sentAt as number;
        delays.push(performance.now() - sentAt);
      });
  const seqs = new Array<number>(runs).fill(0);
  let sent = 0;
  const tickMs = 5;
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const publishes: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - began >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      // By the clock, not per tick: a late timer (a busy machine) sends what it owes.
      const owed = Math.floor((offered * (performance.now() - began)) / 1000) - sent;
      for (let next = 0; next < owed; next++) {
        const run = sent % runs;
        const seq = ++seqs[run]!;
        const runId = `run_scale_${run}`;
        const ts = new Date().toISOString();
        publishes.push(
          publisher.publish({
            runId,
            seq,
            terminal: false,
            events: [
              { runId, seq, type: 'stream_event', ts, data: { sentAt: performance.now(), text: padding } },
            ],
          }),
        );
        sent++;
      }
    }, tickMs);
  });
  await Promise.all(publishes);
  const elapsed = (performance.now() - began) / 1000;
  // Let the queue drain: what arrives within a second after the last send still counts.
  const expected = sent * listeners;
  const drainUntil = performance.now() + 2000;
  while (delivered < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all([publisher.close(), ...buses.map((bus) => bus.close())]);
  return {
    listeners,
    offered,
    sent: sent / elapsed,
    delivered: delivered / elapsed,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    cpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  };
}

console.log(
  `listen-notify-scaling: ${runs} runs, ${seconds} s per point, notices with one ~600-byte row (Node ${process.version})`,
);
console.log(
  `  command: node bench/listen-notify-scaling.ts --seconds ${seconds} --listeners ${args.listeners} --rates ${args.rates} --runs ${runs}`,
);
const server = await startTestPostgres();
try {
  const database = await createTestDatabase(server.adminUrl);
  let baseline: Figures | undefined;
  for (const listeners of listenerCounts) {
    for (const offered of rates) {
      const figures = await measure(database.url, listeners, offered);
      baseline ??= figures;
      const lost = 1 - figures.delivered / (figures.sent * listeners);
      console.log(
        `listeners ${String(listeners).padStart(3)}  offered ${String(offered).padStart(6)}/s  sent ${Math.round(figures.sent).toString().padStart(6)}/s  delivered ${Math.round(figures.delivered).toString().padStart(7)}/s (${(lost * 100).toFixed(1)}% late/lost)  delay p50 ${figures.p50.toFixed(1).padStart(7)} ms  p99 ${figures.p99.toFixed(1).padStart(8)} ms (×${(figures.p99 / baseline.p99).toFixed(1)} baseline)  this process CPU ${(figures.cpu * 100).toFixed(0)}%`,
      );
    }
  }
} finally {
  await server.stop();
}
