/**
 * What held a thread's event loop while bench:latency's runs streamed: the loop's delay, V8's
 * garbage-collection pauses, the thread's CPU time, and how busy the machine's CPUs were, second
 * by second (`watchStalls`), so a window's figures can be picked out afterwards.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/**
 * What held this thread's event loop in a window — the Agent API's (with the load in a worker
 * thread; with `--load in-process` its SSE clients and the fake model share it too), so a stall
 * here delays every event in flight: the loop's delay (sampled every 5 ms) and V8's
 * garbage-collection pauses.
 */
export interface Stalls {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcLongestMs: number;
  gcTotalMs: number;
  /** Pauses over 10 ms by kind (V8's: minor = scavenge, major = mark-compact, …). */
  gcLongByKind: Record<string, number>;
  heapUsedMb: number;
  /** CPU time this thread used in the window (ms; `process.threadCpuUsage`, whole seconds). */
  threadCpuMs: number;
  /** Seconds of the window in which the machine's CPUs were ≥ 90 % busy (every process, /proc/stat). */
  saturatedSeconds: number;
  /** Whether the machine's CPUs were ≥ 90 % busy at an instant (epoch ms); false where unknown. */
  saturatedAt(at: number): boolean;
}

/** The machine's busy and total CPU time so far (jiffies), or undefined where /proc/stat is missing. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    // idle and iowait are the 4th and 5th fields.
    return { busy: total - fields[3]! - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** Starts watching the event loop and GC; `during(from, to)` (epoch ms) says what happened between. */
export function watchStalls(): { during(from: number, to: number): Stalls; stop(): void } {
  const pauses: Array<{ at: number; ms: number; kind: string }> = [];
  const kinds: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      pauses.push({
        at: performance.timeOrigin + entry.startTime,
        ms: entry.duration,
        kind: kinds[kind] ?? `kind ${kind}`,
      });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // One histogram per second, so a window's delays can be picked out afterwards.
  const seconds: Array<{ at: number; p99: number; max: number; busy: number; cpuMs: number }> = [];
  let threadCpu = process.threadCpuUsage();
  let histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let cpu = cpuTimes();
  const tick = setInterval(() => {
    histogram.disable();
    const now = cpuTimes();
    const busy = cpu && now && now.total > cpu.total ? (now.busy - cpu.busy) / (now.total - cpu.total) : 0;
    cpu = now;
    const used = process.threadCpuUsage(threadCpu);
    threadCpu = process.threadCpuUsage();
    seconds.push({
      at: Date.now(),
      p99: histogram.percentile(99) / 1e6,
      max: histogram.max / 1e6,
      busy,
      cpuMs: (used.user + used.system) / 1000,
    });
    histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
  }, 1000);
  return {
    during(from, to) {
      const inWindow = pauses.filter(({ at }) => at >= from && at <= to);
      const loop = seconds.filter(({ at }) => at >= from && at <= to + 1000);
      return {
        loopDelayP99Ms: Math.max(0, ...loop.map(({ p99 }) => p99)),
        loopDelayMaxMs: Math.max(0, ...loop.map(({ max }) => max)),
        gcLongestMs: Math.max(0, ...inWindow.map(({ ms }) => ms)),
        gcTotalMs: inWindow.reduce((sum, { ms }) => sum + ms, 0),
        gcLongByKind: inWindow
          .filter(({ ms }) => ms > 10)
          .reduce<Record<string, number>>((counts, { kind }) => {
            counts[kind] = (counts[kind] ?? 0) + 1;
            return counts;
          }, {}),
        heapUsedMb: process.memoryUsage().heapUsed / 1e6,
        threadCpuMs: loop.reduce((sum, { cpuMs }) => sum + cpuMs, 0),
        saturatedSeconds: loop.filter(({ busy }) => busy >= 0.9).length,
        // The second an instant fell in ends at the first tick after it.
        saturatedAt: (at) => (seconds.find((second) => second.at > at)?.busy ?? 0) >= 0.9,
      };
    },
    stop() {
      clearInterval(tick);
      histogram.disable();
      observer.disconnect();
    },
  };
}
