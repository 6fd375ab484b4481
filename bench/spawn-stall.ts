/**
 * How long starting a process holds the event loop of the process that starts it, by that
 * process's resident memory. libuv (1.52, Node 24) starts a child with fork(), not vfork() or
 * posix_spawn (strace shows `clone(… SIGCHLD)` without CLONE_VM): the kernel copies the page
 * tables of everything the parent has touched, and `spawn` returns only once the child has
 * exec'd. Every run's first process is started this way by the instance executing it (through
 * the sandbox launcher), so while one run starts, every other run executing there waits: its
 * events are neither stored nor sent, its model's tokens not passed on.
 *
 * Each step touches more memory (0, 256 MB, 1 GB of ballast), then times `spawn`
 * of `/bin/true` with the stdio a runner gets (stdin ignored, stdout and stderr piped, an IPC
 * channel, the sandbox's info pipe) — the synchronous part only, which is what holds the loop. Memory only grows within
 * one process, so the steps run one after another; the ratio is against the first, same run.
 * Run: npm run bench:spawn -- [rounds]
 */
import { spawn } from 'node:child_process';
import { percentile } from './percentile.ts';

const rounds = Number(process.argv[2] ?? 40);
const stepsMb = [0, 256, 1024];

/** Megabytes kept alive and resident (filled, so every page is touched): one buffer each. */
const ballast: Buffer[] = [];
function holdTotal(mb: number): void {
  while (ballast.length < mb) ballast.push(Buffer.alloc(1 << 20, 1));
}

async function spawnOnce(): Promise<number> {
  const began = performance.now();
  const child = spawn('/bin/true', [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'] });
  const blocked = performance.now() - began;
  await new Promise<void>((resolve) => child.once('close', () => resolve()));
  return blocked;
}

console.log(
  `spawn-stall: how long spawn() holds the loop, by resident memory (${rounds} spawns per step, Node ${process.version}, libuv ${process.versions.uv})`,
);
const results: Array<{ mb: number; rssMb: number; times: number[] }> = [];
for (const mb of stepsMb) {
  holdTotal(mb);
  // A few spawns first: the first ones pay for code loading, not for memory.
  for (let warm = 0; warm < 3; warm++) await spawnOnce();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) times.push(await spawnOnce());
  results.push({ mb, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), times });
}
const base = percentile(results[0]!.times, 50);
for (const { mb, rssMb, times } of results) {
  const p50 = percentile(times, 50);
  console.log(
    `  ${`+${mb} MB touched`.padEnd(18)} rss ${String(rssMb).padStart(5)} MB  spawn holds the loop p50 ${p50.toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  max ${Math.max(
      ...times,
    )
      .toFixed(1)
      .padStart(6)} ms  (${(p50 / base).toFixed(1)}× the first)`,
  );
}
console.log(`  command: npm run bench:spawn -- ${rounds}`);
