import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * A run's total memory, processes and CPU share, where the machine lets this service make
 * cgroups (root on cgroup v1, or a cgroup v2 hierarchy it may write). Elsewhere the
 * sandbox's rlimits alone hold (per process, and processes per agent user).
 *
 * Every run's cgroup is a child of one `lifeosai-runs` cgroup, and that one weighs like one
 * ordinary process against the platform's own (`runsWeight`): when the CPU is short, the
 * platform — the event path, SSE, a phone call's audio, the API — comes first, and the runs
 * share the rest equally, run by run. With each run a sibling of the platform instead, 50
 * busy runs left the platform 1/51 of the CPU.
 */

/** CPU weight of all runs together against the platform's processes (100 = one ordinary process). */
const runsWeight = 100;
/** Run cgroups left behind by a process that ended before removing them are swept after this long. */
const staleAfterMs = 10 * 60_000;

/** Totals for one run. */
export interface CgroupLimits {
  readonly memoryBytes: number;
  readonly maxProcesses: number;
  /** CPU share against the other runs in `lifeosai-runs` (100 = one ordinary process). */
  readonly cpuWeight: number;
}

/** One run's cgroup (one directory per controller on v1). */
export interface RunCgroup {
  /** The `cgroup.procs` files a process writes its pid to, to join. */
  readonly procsFiles: ReadonlyArray<string>;
  /** Removes the cgroup once its processes are gone. Never rejects. */
  remove(): Promise<void>;
}

const root = '/sys/fs/cgroup';

/** Where run cgroups go on this machine, found once. */
type Layout =
  | { version: 2; parent: string }
  | { version: 1; parents: Record<'pids' | 'memory' | 'cpu', string> };

let layout: Promise<Layout | undefined> | undefined;

function ownPath(controller: string): string | undefined {
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, controllers = '', path] = line.split(':');
      if (path === undefined) continue;
      if (controller === '' ? controllers === '' : controllers.split(',').includes(controller)) return path;
    }
  } catch {
    // Not Linux.
  }
  return undefined;
}

async function findLayout(): Promise<Layout | undefined> {
  if (existsSync(join(root, 'cgroup.controllers'))) {
    // v2: a `lifeosai-runs` subtree beside the service, with the controllers delegated down.
    const parent = join(root, 'lifeosai-runs');
    try {
      await writeFile(join(root, 'cgroup.subtree_control'), '+pids +memory +cpu');
      await mkdir(parent, { recursive: true });
      await writeFile(join(parent, 'cgroup.subtree_control'), '+pids +memory +cpu');
      await writeFile(join(parent, 'cpu.weight'), String(runsWeight));
      void sweepStaleRunCgroups([parent]);
      return { version: 2, parent };
    } catch {
      return undefined;
    }
  }
  // v1: a `lifeosai-runs` group under the service's own in each hierarchy.
  const parents = {} as Record<'pids' | 'memory' | 'cpu', string>;
  for (const controller of ['pids', 'memory', 'cpu'] as const) {
    const own = ownPath(controller);
    const hierarchy = join(root, controller);
    if (own === undefined || !existsSync(hierarchy)) return undefined;
    parents[controller] = join(hierarchy, own, 'lifeosai-runs');
  }
  // Writable only where these groups and a test one inside can be made (and it removed).
  try {
    for (const parent of Object.values(parents)) await mkdir(parent, { recursive: true });
    await writeFile(join(parents.cpu, 'cpu.shares'), v1Shares(runsWeight));
    const probe = join(parents.pids, `lifeosai-probe-${process.pid}`);
    await mkdir(probe);
    await rmdir(probe);
    void sweepStaleRunCgroups(Object.values(parents));
    return { version: 1, parents };
  } catch {
    return undefined;
  }
}

/**
 * Removes the run cgroups a process that ended (a crash, a test run) left behind, once they
 * are old enough that no instance can be about to join one. A cgroup with a process in it
 * cannot be removed, so a live run's never is. Never rejects.
 */
export async function sweepStaleRunCgroups(parents: string[]): Promise<void> {
  for (const parent of parents) {
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !entry.name.startsWith('lifeosai-')) continue;
      const path = join(parent, entry.name);
      // Gone meanwhile (its run's own removal): nothing to sweep.
      const made = await stat(path).then(
        ({ mtimeMs }) => mtimeMs,
        () => Date.now(),
      );
      if (Date.now() - made > staleAfterMs) await tryRemove(path);
    }
  }
}

/** v1's `cpu.shares` for a weight (100 = one ordinary process = 1024 shares). */
const v1Shares = (weight: number) => String(Math.max(2, Math.round((weight * 1024) / 100)));

/** The `lifeosai-runs` cgroups every run's is made in (one per controller on v1); none without cgroups. */
export async function runCgroupParents(): Promise<string[]> {
  layout ??= findLayout();
  const found = await layout;
  if (!found) return [];
  return found.version === 2 ? [found.parent] : Object.values(found.parents);
}

/** Whether this machine gives the service cgroups for its runs. */
export async function cgroupsAvailable(): Promise<boolean> {
  layout ??= findLayout();
  return (await layout) !== undefined;
}

/** Creates a run's cgroup with its limits; undefined where the machine offers none. */
export async function createRunCgroup(name: string, limits: CgroupLimits): Promise<RunCgroup | undefined> {
  layout ??= findLayout();
  const found = await layout;
  if (!found) return undefined;
  const folder = `lifeosai-${name}`;
  try {
    if (found.version === 2) {
      const path = join(found.parent, folder);
      await mkdir(path);
      await writeFile(join(path, 'pids.max'), String(limits.maxProcesses));
      await writeFile(join(path, 'memory.max'), String(limits.memoryBytes));
      await writeFile(join(path, 'memory.swap.max'), '0').catch(() => undefined);
      await writeFile(join(path, 'cpu.weight'), String(limits.cpuWeight));
      return { procsFiles: [join(path, 'cgroup.procs')], remove: () => removeAll([path]) };
    }
    const paths = {
      pids: join(found.parents.pids, folder),
      memory: join(found.parents.memory, folder),
      cpu: join(found.parents.cpu, folder),
    };
    const made: string[] = [];
    try {
      for (const path of Object.values(paths)) {
        await mkdir(path);
        made.push(path);
      }
    } catch (error) {
      await removeAll(made);
      throw error;
    }
    await writeFile(join(paths.pids, 'pids.max'), String(limits.maxProcesses));
    await writeFile(join(paths.memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    await writeFile(join(paths.cpu, 'cpu.shares'), v1Shares(limits.cpuWeight));
    return {
      procsFiles: Object.values(paths).map((path) => join(path, 'cgroup.procs')),
      remove: () => removeAll(Object.values(paths)),
    };
  } catch {
    // A controller refused (a limit above the parent's, a read-only hierarchy): none at all.
    return undefined;
  }
}

/**
 * Removes cgroup folders. A folder stays busy while a zombie of the run waits for init to
 * reap it (bubblewrap's PID 1 is reparented there when bubblewrap exits first), so what
 * cannot go at once is retried in the background for a minute.
 */
async function removeAll(paths: string[]): Promise<void> {
  const left: string[] = [];
  for (const path of paths) if (!(await tryRemove(path))) left.push(path);
  if (left.length === 0) return;
  let attempts = 0;
  const timer = setInterval(() => {
    attempts += 1;
    void Promise.all(left.map(tryRemove)).then((removed) => {
      if (removed.every(Boolean) || attempts >= 120) clearInterval(timer);
    });
  }, 500);
  timer.unref();
}

async function tryRemove(path: string): Promise<boolean> {
  try {
    await rmdir(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * The shell that joins the cgroup before becoming bubblewrap (`exec "$@"`): joining first
 * means every process of the sandbox, from its first fork, is counted.
 */
export const joinCgroupScript =
  'IFS=:; for f in $LIFEOSAI_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done; unset LIFEOSAI_CGROUP_PROCS; exec "$@"';
