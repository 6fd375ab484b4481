import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { descendantsOf, isStillRunning, type ProcEntry } from '@lifeosai/harness-kit/processes';
import { supervisedVariable } from '@lifeosai/http-kit/service-lifecycle';
import { OutputTail } from './output-tail.ts';
import { isPortFree } from './port-check.ts';
import { type HostedService, type ServiceSpec, SupervisorError } from './service-spec.ts';
import { startOrder } from './start-order.ts';
import { stopProcessTree } from './stop-process-tree.ts';
import { waitForHealth } from './wait-for-health.ts';

/** Options for `createSupervisor`. */
export interface SupervisorOptions {
  /** The sidecars; started in dependency order, stopped in reverse. */
  services: ServiceSpec[];
  /** Base environment of every service (each spec's `env` is merged over it). */
  env: Record<string, string | undefined>;
  /** Receives every progress line and every line of every service's output, prefixed `[name]`. Must not throw. */
  log: (line: string) => void;
  /** First restart delay after a crash; doubles per crash in a row. Default 500 ms. */
  restartBackoffMs?: number;
  /** Longest restart delay. Default 30 s. */
  maxRestartBackoffMs?: number;
  /** A service healthy this long counts as stable: its next crash restarts after the first delay again. Default 60 s. */
  stableAfterMs?: number;
  /** SIGTERM → SIGKILL grace on stop. Default 5 s. */
  stopGraceMs?: number;
  /** Where services listen; the supervisor checks ports and health there. Default 127.0.0.1. */
  host?: string;
  /**
   * Settles when what the services need before they start is ready (npm start: the database
   * migrated). Until then `start()` launches only the processes that host services
   * (`ServiceSpec.hosts`) and depend on none, and holds back their description: their code loads
   * meanwhile. Other services launch after it. A rejection stops what was launched and rejects
   * `start()` with it. Default: ready.
   */
  prepared?: Promise<unknown>;
}

/** The running platform. */
export interface Supervisor {
  /**
   * Starts every service in order, waiting for each to be healthy. On failure stops what
   * it started and rejects with a `SupervisorError` whose message names the fix.
   */
  start(): Promise<void>;
  /** Stops every service in reverse order, leaving no descendant process. Idempotent. */
  stop(): Promise<void>;
  /** The current process id of each service (undefined while down). */
  pids(): Record<string, number | undefined>;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Runtime {
  spec: ServiceSpec;
  child?: ChildProcess;
  exited?: Promise<ExitInfo>;
  tail: OutputTail;
  /** Descendants seen while it ran, so orphans can still be found and stopped. */
  known: Map<number, ProcEntry>;
  /** `running` = healthy and watched; an exit then is a crash. */
  state: 'down' | 'starting' | 'running' | 'backoff';
  crashesInARow: number;
  restartTimer?: NodeJS.Timeout;
  stableTimer?: NodeJS.Timeout;
  /** This launch's value of `serviceMark`, inherited by every process it starts. */
  mark?: string;
}

/**
 * The environment variable that marks a service's processes. Children inherit it, so when a
 * service crashes, what it started a moment before (too young for the descendant tracker,
 * re-parented away from it) is still found and stopped. It also tells a service that its
 * stdin is its lifeline (`runService`).
 */
const serviceMark = supervisedVariable;

/**
 * The local-mode process supervisor: what `npm start` runs and what a desktop shell
 * (Tauri/Electron) would launch. Each service is a child process in its own process group.
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const host = options.host ?? '127.0.0.1';
  const initialBackoff = options.restartBackoffMs ?? 500;
  const maxBackoff = options.maxRestartBackoffMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const graceMs = options.stopGraceMs ?? 5000;
  const ordered = startOrder(options.services);
  const runtimes = ordered.map(
    (spec): Runtime => ({ spec, tail: new OutputTail(), known: new Map(), state: 'down', crashesInARow: 0 }),
  );
  const log = options.log;
  const prepared = options.prepared ?? Promise.resolve();
  // Handled here too: it may fail while start() still checks ports, before anything awaits it.
  prepared.catch(() => undefined);
  let stopping: Promise<void> | undefined;
  const tracker = setInterval(trackDescendants, 1000);
  tracker.unref();

  function trackDescendants(): void {
    for (const runtime of runtimes) {
      for (const [pid, entry] of runtime.known) if (!isStillRunning(entry)) runtime.known.delete(pid);
      if (runtime.child?.pid === undefined || !isRunning(runtime.child)) continue;
      for (const entry of descendantsOf(runtime.child.pid)) runtime.known.set(entry.pid, entry);
    }
  }

  /** The supervisor's `env` without `withheld`, with `own` over it. */
  function environment(
    withheldEnv: readonly string[] = [],
    own: Record<string, string>,
  ): Record<string, string> {
    const withheld = new Set(withheldEnv);
    const inherited = Object.entries(options.env).filter(([name]) => !withheld.has(name));
    return Object.fromEntries(
      [...inherited, ...Object.entries(own)].filter(
        (pair): pair is [string, string] => pair[1] !== undefined,
      ),
    );
  }

  function launch(runtime: Runtime): void {
    const { spec } = runtime;
    const env = environment(spec.withheldEnv, spec.env);
    runtime.mark = `${spec.name}-${randomUUID()}`;
    // stdin is each service's lifeline: held open while the supervisor lives, it ends when the
    // supervisor does, however it ends (SIGKILL included), and the service then stops itself.
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...env, [serviceMark]: runtime.mark },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    runtime.child = child;
    // A service that dies before reading its stdin is reported by its exit, not by EPIPE here.
    child.stdin?.on('error', () => undefined);
    if (spec.hosts) {
      // Each hosted service's own environment, on stdin (one line): not argv, not the process's
      // environment. Once prepared (a restart: at once); never when the preparation failed.
      const services = spec.hosts.map((hosted) => ({
        name: hosted.name,
        env: environment(hosted.withheldEnv, hosted.env),
      }));
      void prepared.then(
        () => child.stdin?.write(`${JSON.stringify({ services })}\n`),
        () => undefined,
      );
    }
    runtime.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        log(`[${spec.name}] cannot run ${spec.command}: ${error.message}`);
        resolve({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const prefix = (line: string) => log(`[${spec.name}] ${line}`);
    runtime.tail.follow(child.stdout!, prefix);
    runtime.tail.follow(child.stderr!, prefix);
    void runtime.exited.then((exit) => {
      if (runtime.child === child && runtime.state === 'running' && !stopping) onCrash(runtime, exit);
    });
  }

  /**
   * Launches (unless `launchedAt`, when it was launched early) and waits for health; on failure
   * the process (if any) is stopped.
   */
  async function launchUntilHealthy(
    runtime: Runtime,
    launchedAt?: number,
  ): Promise<{ ok: true } | { ok: false; error: SupervisorError }> {
    const { spec } = runtime;
    const started = launchedAt ?? Date.now();
    if (launchedAt === undefined) {
      for (const endpoint of endpointsOf(spec)) {
        if (!(await isPortFree(endpoint.port, host))) return { ok: false, error: portInUse(endpoint) };
      }
      if (stopping) {
        return {
          ok: false,
          error: new SupervisorError('SERVICE_EXITED', spec.name, 'the supervisor is stopping'),
        };
      }
      runtime.state = 'starting';
      launch(runtime);
    }
    let outcome: Awaited<ReturnType<typeof waitForHealth>> = { status: 'healthy' };
    let waitedFor = spec.name;
    for (const endpoint of endpointsOf(spec)) {
      waitedFor = endpoint.name;
      outcome = await waitForHealth({
        url: `http://${host}:${endpoint.port}${endpoint.healthPath}`,
        timeoutMs: spec.startTimeoutMs ?? 30_000,
        abandoned: runtime.exited!.then(describeExit),
        onProgress: (elapsed) => log(`  still waiting for ${endpoint.name} (${seconds(elapsed)})…`),
      });
      if (outcome.status !== 'healthy') break;
      log(`${endpoint.name} ready in ${seconds(Date.now() - started)} on http://${host}:${endpoint.port}`);
    }
    if (outcome.status === 'healthy') {
      runtime.state = 'running';
      runtime.stableTimer = setTimeout(() => {
        runtime.crashesInARow = 0;
      }, stableAfterMs);
      runtime.stableTimer.unref();
      return { ok: true };
    }
    await stopRuntime(runtime);
    const output = lastOutput(runtime);
    return {
      ok: false,
      error:
        outcome.status === 'abandoned'
          ? new SupervisorError(
              'SERVICE_EXITED',
              waitedFor,
              `${processName(spec)} ${outcome.reason} before ${waitedFor === spec.name ? 'it' : waitedFor} was ready${output}`,
            )
          : new SupervisorError(
              'HEALTH_TIMEOUT',
              waitedFor,
              `${waitedFor} did not answer ${spec.healthPath} within ${seconds(spec.startTimeoutMs ?? 30_000)}${output}`,
            ),
    };
  }

  function onCrash(runtime: Runtime, exit: ExitInfo): void {
    clearTimeout(runtime.stableTimer);
    log(`${runtime.spec.name} ${describeExit(exit)} unexpectedly${lastOutput(runtime)}`);
    void cleanUpOrphans(runtime).then(() => scheduleRestart(runtime));
  }

  /** What a crashed service left behind: its process group and every descendant seen. */
  async function cleanUpOrphans(runtime: Runtime): Promise<void> {
    const crashedPid = runtime.child?.pid;
    if (crashedPid !== undefined) {
      await stopProcessTree({
        pid: crashedPid,
        exited: runtime.exited!,
        known: runtime.known.values(),
        graceMs: 1000,
        ...(runtime.mark && { mark: { name: serviceMark, value: runtime.mark } }),
      });
    }
    runtime.known.clear();
  }

  function scheduleRestart(runtime: Runtime): void {
    if (stopping) return;
    const delay = Math.min(initialBackoff * 2 ** runtime.crashesInARow, maxBackoff);
    runtime.crashesInARow += 1;
    runtime.state = 'backoff';
    log(`restarting ${runtime.spec.name} in ${seconds(delay)} (crash ${runtime.crashesInARow} in a row)`);
    runtime.restartTimer = setTimeout(async () => {
      if (stopping) return;
      const result = await launchUntilHealthy(runtime);
      if (result.ok) return;
      log(`${runtime.spec.name} did not come back: ${result.error.message}`);
      scheduleRestart(runtime);
    }, delay);
  }

  async function stopRuntime(runtime: Runtime): Promise<void> {
    clearTimeout(runtime.restartTimer);
    clearTimeout(runtime.stableTimer);
    const child = runtime.child;
    runtime.state = 'down';
    if (child?.pid === undefined) return;
    await stopProcessTree({
      pid: child.pid,
      exited: runtime.exited!,
      known: runtime.known.values(),
      graceMs,
      ...(runtime.mark && { mark: { name: serviceMark, value: runtime.mark } }),
    });
    runtime.known.clear();
  }

  const supervisor: Supervisor = {
    async start() {
      // Every port first: a busy one fails before anything was started.
      for (const { spec } of runtimes) {
        for (const endpoint of endpointsOf(spec)) {
          if (!(await isPortFree(endpoint.port, host))) throw portInUse(endpoint);
        }
      }
      // Hosts that depend on nothing launch before the preparation ends: their modules load
      // while it runs (npm start: while the database migrates), their description held back.
      const early = new Map<Runtime, number>();
      for (const runtime of runtimes) {
        if (!runtime.spec.hosts || runtime.spec.dependsOn?.length || stopping) continue;
        log(`starting ${processName(runtime.spec)}…`);
        runtime.state = 'starting';
        early.set(runtime, Date.now());
        launch(runtime);
      }
      try {
        await prepared;
      } catch (error) {
        await supervisor.stop();
        throw error;
      }
      const launching = (runtime: Runtime) => {
        const launchedAt = early.get(runtime);
        if (launchedAt === undefined) log(`starting ${processName(runtime.spec)}…`);
        return launchUntilHealthy(runtime, launchedAt);
      };
      const alongside = runtimes
        .filter((runtime) => runtime.spec.startsAlongside)
        .map((runtime) => launching(runtime));
      const fail = async (error: SupervisorError): Promise<never> => {
        await supervisor.stop();
        await Promise.allSettled(alongside);
        throw error;
      };
      for (const runtime of runtimes) {
        if (runtime.spec.startsAlongside) continue;
        const result = await launching(runtime);
        if (!result.ok) await fail(result.error);
      }
      for (const result of await Promise.all(alongside)) if (!result.ok) await fail(result.error);
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(tracker);
        for (const runtime of [...runtimes].reverse()) {
          if (runtime.state === 'down' && !runtime.restartTimer) continue;
          const wasRunning = runtime.child !== undefined && isRunning(runtime.child);
          if (wasRunning) log(`stopping ${runtime.spec.name}…`);
          await stopRuntime(runtime);
          if (wasRunning) log(`${runtime.spec.name} stopped`);
        }
      })();
      return stopping;
    },
    pids() {
      return Object.fromEntries(
        runtimes.map((runtime) => [
          runtime.spec.name,
          runtime.child && isRunning(runtime.child) ? runtime.child.pid : undefined,
        ]),
      );
    },
  };
  return supervisor;
}

/** Not exited: neither an exit code nor the signal that ended it (a killed process has no exit code). */
function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** What a process serves: itself, or each service it hosts (`ServiceSpec.hosts`). */
function endpointsOf(
  spec: ServiceSpec,
): Pick<HostedService, 'name' | 'port' | 'healthPath' | 'portSetting'>[] {
  return spec.hosts ?? [spec];
}

/** `auth`, or `auth, agent-api, user-management in one process` for a host. */
function processName(spec: ServiceSpec): string {
  return spec.hosts ? `${spec.hosts.map((hosted) => hosted.name).join(', ')} in one process` : spec.name;
}

function portInUse(spec: Pick<HostedService, 'name' | 'port' | 'portSetting'>): SupervisorError {
  const setting = spec.portSetting ? `set ${spec.portSetting} to a free port` : 'free it or pick another';
  return new SupervisorError(
    'PORT_IN_USE',
    spec.name,
    `port ${spec.port} is in use, so ${spec.name} cannot start (another LIFEOSAI running?); stop whatever uses it or ${setting}`,
  );
}

function describeExit(exit: ExitInfo): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  return exit.code === null ? 'could not be started' : `exited with code ${exit.code}`;
}

function lastOutput(runtime: Runtime): string {
  const lines = runtime.tail.lines();
  return lines.length === 0 ? '' : `; its last output:\n${lines.map((line) => `    | ${line}`).join('\n')}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
