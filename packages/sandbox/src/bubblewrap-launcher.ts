import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childrenOf, isRunning, signalProcess as signal } from '@lifeosai/harness-kit';
import {
  type LaunchedProcess,
  type LaunchRequest,
  type ProcessLauncher,
  platformSocketVariables,
} from '@lifeosai/harness-spec';
import { bwrapArgs, infoFd, sandboxRunDirectory } from './bwrap-args.ts';
import { joinCgroupScript } from './cgroups.ts';
import { initConfigVariable, type SandboxInitConfig } from './init-config.ts';
import { claimNewEntries, type HostUser } from './ownership.ts';
import type { SandboxLimits } from './settings.ts';
import type { HostView } from './system-paths.ts';

const initPath = fileURLToPath(new URL('./sandbox-init.mjs', import.meta.url));
/** The egress socket's name in the run directory. */
export const egressSocketName = 'egress.sock';

/** What every process of one run's sandbox shares. */
export interface BubblewrapLaunchContext {
  readonly bwrap: string;
  /** The agent's host user when the service is root; undefined runs as the service's user in a user namespace. */
  readonly user: HostUser | undefined;
  readonly view: HostView;
  /** The run's workspace and harness state. */
  readonly writable: ReadonlyArray<string>;
  /**
   * Node's compile cache for the run's Node processes (the init, the Pi runner): the agent's
   * own, inside its state, so no agent can plant code another one loads.
   */
  readonly nodeCompileCache: string;
  readonly runDirectory: string;
  readonly limits: SandboxLimits;
  /** Loopback listeners inside (see `SandboxInitConfig.listen`). */
  readonly listen: SandboxInitConfig['listen'];
  /** The in-sandbox address of the platform, for proxy variables (`http://127.0.0.1:4000`). */
  readonly proxyUrl: string;
  /** The run cgroup's `cgroup.procs` files to join before bubblewrap starts (none: no cgroup). */
  readonly cgroupProcs: ReadonlyArray<string>;
  readonly nodePath?: string;
}

/** What the sandbox reports through `--info-fd`: its PID 1, as this process sees pids. */
interface SandboxInfo {
  readonly childPid: number;
}

/**
 * The launcher of one run's sandbox: every `spawn` is a bubblewrap sandbox of its own (see
 * `bwrapArgs`) sharing the run's folders and egress. `stop` ends the sandbox's PID
 * namespace, which takes every process in it along — nothing the agent started survives.
 */
export function createBubblewrapLauncher(
  context: BubblewrapLaunchContext,
  track: (launched: LaunchedProcess) => void,
): ProcessLauncher {
  return {
    isolation: 'bubblewrap',
    spawn(request) {
      const launched = launchSandboxed(context, request);
      track(launched);
      return launched;
    },
  };
}

function launchSandboxed(context: BubblewrapLaunchContext, request: LaunchRequest): LaunchedProcess {
  if (!context.writable.some((folder) => isWithin(request.cwd, folder))) {
    throw new Error(`cwd ${request.cwd} is outside the run's folders (${context.writable.join(', ')})`);
  }
  const unusable = unusableCommand(request.command);
  if (unusable) return failedLaunch(unusable);
  if (context.user) for (const folder of context.writable) claimNewEntries(folder, context.user);
  const nodePath = context.nodePath ?? process.execPath;
  const args = bwrapArgs({
    privilege: context.user ? { kind: 'privileged', ...context.user } : { kind: 'unprivileged' },
    view: context.view,
    writable: context.writable,
    runDirectory: context.runDirectory,
    cwd: request.cwd,
    limits: context.limits,
    niceness: context.limits.niceness ?? (context.cgroupProcs.length > 0 ? 0 : 10),
    nodePath,
    initPath,
    command: request.command,
    args: request.args,
  });
  // Node's proxy switch is for the command: the init (a Node process too) makes no request.
  const { NODE_USE_ENV_PROXY: useEnvProxy, ...proxy } = proxyEnvironment(context.proxyUrl);
  const socket = join(sandboxRunDirectory, egressSocketName);
  const initConfig: SandboxInitConfig = {
    socket,
    listen: context.listen,
    ...(request.ipc && { channelFd: 3 }),
    commandEnv: { NODE_USE_ENV_PROXY: useEnvProxy! },
  };
  const [stdin = 'pipe', stdout = 'pipe', stderr = 'pipe'] = request.stdio ?? [];
  const { NODE_USE_ENV_PROXY: _requested, ...requestEnv } = request.env;
  const env: Record<string, string> = {
    ...requestEnv,
    ...proxy,
    // The platform's listener relays to this socket; a client of ours may use it directly.
    [platformSocketVariables.socket]: socket,
    [platformSocketVariables.origin]: context.proxyUrl,
    TMPDIR: '/tmp',
    NODE_COMPILE_CACHE: context.nodeCompileCache,
    [initConfigVariable]: JSON.stringify(initConfig),
  };
  const joinsCgroup = context.cgroupProcs.length > 0;
  if (joinsCgroup) env.LIFEOSAI_CGROUP_PROCS = context.cgroupProcs.join(':');
  const [program, programArgs] = joinsCgroup
    ? ['/bin/sh', ['-c', joinCgroupScript, 'sh', context.bwrap, ...args]]
    : [context.bwrap, args];
  const child = spawn(program, programArgs, {
    cwd: '/',
    env,
    stdio: [stdin, stdout, stderr, request.ipc ? 'ipc' : 'ignore', 'pipe'],
    ...(request.ipc && { serialization: 'json' as const }),
    windowsHide: true,
  });
  const info = readInfo(child.stdio[infoFd] as NodeJS.ReadableStream | null);
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 700): Promise<void> => {
    stopping ??= stopSandbox(child, info, graceMs);
    return stopping;
  };
  // Whoever kills the process (an SDK's own shutdown) ends the whole sandbox, politely.
  child.kill = () => {
    void stop();
    return true;
  };
  return { child, stop };
}

/**
 * Ends a sandbox: SIGTERM to its init (which passes it to the command), SIGKILL to the
 * namespace's PID 1 after the grace period if the command is still there — the kernel then
 * kills every process in the namespace at once — and waits for bubblewrap to exit. No walk of
 * the process table, so a sandbox full of processes (a fork bomb) ends as fast as an idle one.
 */
/** The longest wait for the kernel to empty a namespace whose PID 1 is gone or killed. */
const namespaceTeardownMs = 5_000;

async function stopSandbox(
  child: ReturnType<typeof spawn>,
  info: Promise<SandboxInfo | undefined>,
  graceMs: number,
): Promise<void> {
  const started = performance.now();
  const exited = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  const known = await Promise.race([
    info,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), exited() ? 0 : 300).unref()),
  ]);
  if (exited()) {
    // The command is gone; its namespace may still be ending (see below).
  } else if (known) {
    const init = childrenOf(known.childPid)[0];
    if (init !== undefined) signal(init, 'SIGTERM');
    await waitFor(exited, graceMs);
    if (!exited()) signal(known.childPid, 'SIGKILL');
  } else if (child.pid !== undefined) {
    // The sandbox never came up (or is still starting): bubblewrap's death takes it down.
    signal(child.pid, 'SIGKILL');
  }
  const left = () => Math.max(0, 1800 - (performance.now() - started));
  await waitFor(exited, left());
  if (!exited() && child.pid !== undefined) signal(child.pid, 'SIGKILL');
  // bubblewrap outside may exit while its PID 1 is still ending the namespace; that PID 1
  // turns zombie (or vanishes) only once every process in the namespace is gone. By now PID 1
  // has exited or had SIGKILL, so the kernel is killing the rest and nothing can resist: wait
  // for it past the polite budget (milliseconds on a quiet machine, longer under load) so a run
  // never ends with its processes still in the table (CI once found a killed agent's background
  // process alive just after the run's end).
  if (known) await waitFor(() => !isRunning(known.childPid), Math.max(left(), namespaceTeardownMs));
}

/**
 * Inside the sandbox a missing program is only an exit code; checked here first, it is the
 * same `error` event (`ENOENT`, `EACCES`) a plain `spawn` gives, so harnesses can tell "could
 * not start" from "started and died".
 */
function unusableCommand(command: string): Error | undefined {
  if (!isAbsolute(command)) return undefined;
  try {
    accessSync(command, constants.X_OK);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

function failedLaunch(error: Error): LaunchedProcess {
  const child = new ChildProcess();
  setImmediate(() => child.emit('error', error));
  return { child, stop: async () => undefined };
}

function readInfo(stream: NodeJS.ReadableStream | null): Promise<SandboxInfo | undefined> {
  if (!stream) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const parsed = parseInfo(text);
      if (parsed) resolve(parsed);
    });
    stream.on('end', () => resolve(parseInfo(text)));
    stream.on('error', () => resolve(undefined));
  });
}

function parseInfo(text: string): SandboxInfo | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const childPid = Number(value['child-pid']);
    return Number.isInteger(childPid) && childPid > 0 ? { childPid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Proxy variables for the run's processes: HTTP(S) through the platform's egress (curl,
 * npm, pip, Bun and — with `NODE_USE_ENV_PROXY` — Node's fetch honour them); loopback
 * direct, which inside the sandbox means the platform's own listener.
 */
export function proxyEnvironment(proxyUrl: string): Record<string, string> {
  const direct = '127.0.0.1,localhost,::1';
  return {
    HTTP_PROXY: proxyUrl,
    HTTPS_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: direct,
    no_proxy: direct,
    NODE_USE_ENV_PROXY: '1',
  };
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
}
