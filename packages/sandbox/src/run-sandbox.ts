import { chmod, chown, lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { LaunchedProcess, ProcessLauncher } from '@lifeosai/harness-spec';
import { createBubblewrapLauncher, egressSocketName } from './bubblewrap-launcher.ts';
import { createRunCgroup, type RunCgroup } from './cgroups.ts';
import { EgressPolicy } from './egress-policy.ts';
import { type EgressServer, type Lookup, type PlatformHandler, startEgressServer } from './egress-server.ts';
import { agentUser, claimTree, type HostUser } from './ownership.ts';
import { createPlainLauncher } from './plain-launcher.ts';
import { checkReadOnlyFolders, type ReadOnlyFolders } from './read-only-folders.ts';
import type { SandboxSettings } from './settings.ts';
import { type HostView, hostView } from './system-paths.ts';

/** One run's place to execute, and how the run reaches the platform from there. */
export interface RunSandbox {
  /** Hand this to the harness (`RunContext.launcher`). */
  readonly launcher: ProcessLauncher;
  /**
   * The platform's origin as the run's processes reach it (`http://127.0.0.1:4000`): its API
   * (`/api/agent`) and its LLM proxy (`/llm/…`) are under it, nothing else of the platform.
   */
  readonly platformOrigin: string;
  /** Ends every process the run started, the egress and the run's scratch folder. Idempotent. */
  close(): Promise<void>;
}

/** What a run's sandbox is made of. */
export interface RunSandboxRequest {
  readonly agentId: string;
  /** The agent's workspace and its harness state: the only folders the run can write. */
  readonly workspace: string;
  readonly stateDirectory: string;
  /**
   * The platform as the service reaches it (`http://127.0.0.1:4000`, or the configured host):
   * where the egress passes `/api/agent/…` and `/llm/…` requests.
   */
  readonly platformOrigin: string;
  /**
   * The platform's request handler when it runs in this process (see `EgressServerOptions`):
   * the egress serves those requests with it instead of passing them to `platformOrigin`.
   */
  readonly platformHandler?: () => PlatformHandler | undefined;
  /** Called for every destination the egress refused, for the log. */
  readonly onEgressRefused?: (target: string, reason: string) => void;
  /**
   * Folders the run may read and not write, at the same path (enabled plugins' files); each
   * checked by `checkReadOnlyFolders` (refused: the sandbox does not open). Unbound without
   * isolation, where the run sees the whole machine anyway.
   */
  readonly readOnly?: ReadOnlyFolders;
  /**
   * How many runs of the agent may execute at once (default 1). Run as the agent's own user,
   * the process limit (`RLIMIT_NPROC`) counts every thread of that user, so all of the agent's
   * runs share it: the user's budget is one run's limit times this. (A run's cgroup, where
   * there is one, still holds each run to its own limit.)
   */
  readonly concurrentRuns?: number;
  /** Seam for tests: name resolution of the egress. */
  readonly lookup?: Lookup;
}

/** Path prefixes of the platform a run may call. */
export const platformPathsForRuns = ['/api/agent/', '/llm/'];

/**
 * Opens a run's sandbox: a scratch folder holding the egress socket, the egress server
 * behind it, the agent's folders made the agent user's (when the service is root), and a
 * launcher that puts every process in bubblewrap. `isolation: 'none'` gives the plain
 * launcher and the platform's own origin (`LIFEOSAI_SANDBOX=off`, or local mode where
 * bubblewrap does not work).
 */
export async function openRunSandbox(
  request: RunSandboxRequest,
  settings: SandboxSettings,
  isolation: 'bubblewrap' | 'none',
): Promise<RunSandbox> {
  if (isolation === 'none') {
    const launcher = createPlainLauncher();
    const launched = new Set<LaunchedProcess>();
    return {
      launcher: { isolation: 'none', spawn: (launch) => track(launched, launcher.spawn(launch)) },
      platformOrigin: request.platformOrigin,
      close: () => stopAll(launched),
    };
  }
  const writable = [request.workspace, request.stateDirectory];
  const extraReadOnly = request.readOnly ? await checkReadOnlyFolders(request.readOnly, writable) : [];
  const user = process.getuid?.() === 0 ? agentUser(request.agentId, settings.uidBase) : undefined;
  const policy = new EgressPolicy(settings.allow);
  const platform = new URL(request.platformOrigin);
  const hostPort = Number(platform.port || 80);
  // The run's user cannot listen below 1024; a privileged platform port moves up inside.
  const port = hostPort >= 1024 ? hostPort : 40_000 + hostPort;
  const runDirectory = await mkdtemp(join(tmpdir(), 'lifeosai-sandbox-'));
  let egress: EgressServer | undefined;
  let cgroup: RunCgroup | undefined;
  try {
    cgroup = await createRunCgroup(basename(runDirectory), {
      memoryBytes: settings.limits.runMemoryBytes,
      maxProcesses: settings.limits.maxProcesses,
      // Each run weighs the same inside `lifeosai-runs`, however many processes it starts.
      cpuWeight: 100,
    });
    egress = await startEgressServer({
      socketPath: join(runDirectory, egressSocketName),
      policy,
      platformOrigin: request.platformOrigin,
      platformPaths: platformPathsForRuns,
      ...(request.platformHandler && { platformHandler: request.platformHandler }),
      ...(request.onEgressRefused && { onRefused: request.onEgressRefused }),
      ...(request.lookup && { lookup: request.lookup }),
    });
    if (user) await claimForAgent(user, runDirectory, writable);
  } catch (error) {
    await egress?.close();
    await cgroup?.remove();
    await rm(runDirectory, { recursive: true, force: true });
    throw error;
  }
  const insideOrigin = `http://127.0.0.1:${port}`;
  const launched = new Set<LaunchedProcess>();
  const launcher = createBubblewrapLauncher(
    {
      bwrap: settings.bwrap,
      user,
      view: withReadOnly(hostView(), extraReadOnly),
      writable,
      nodeCompileCache: join(request.stateDirectory, '.cache', 'node-compile'),
      runDirectory,
      limits: user
        ? {
            ...settings.limits,
            maxProcesses: settings.limits.maxProcesses * Math.max(1, request.concurrentRuns ?? 1),
          }
        : settings.limits,
      listen: [
        { host: '127.0.0.1', port },
        ...policy
          .loopbackTunnels()
          .filter((tunnel) => !(tunnel.address === '127.0.0.1' && tunnel.port === port))
          .map((tunnel) => ({
            host: tunnel.address,
            port: tunnel.port,
            tunnel: `${tunnel.address}:${tunnel.port}`,
          })),
      ],
      proxyUrl: insideOrigin,
      cgroupProcs: cgroup?.procsFiles ?? [],
    },
    (process) => track(launched, process),
  );
  let closing: Promise<void> | undefined;
  return {
    launcher,
    platformOrigin: insideOrigin,
    close() {
      closing ??= (async () => {
        await stopAll(launched);
        await egress.close();
        await cgroup?.remove();
        await rm(runDirectory, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/**
 * The run's folders and scratch folder become the agent user's. A folder whose top the
 * agent does not own yet (a first run, or one made by an older version) is checked entry by
 * entry; otherwise only entries someone else owns are descended into.
 */
async function claimForAgent(user: HostUser, runDirectory: string, folders: string[]): Promise<void> {
  await chown(runDirectory, user.uid, user.gid);
  await chmod(runDirectory, 0o700);
  const socket = join(runDirectory, egressSocketName);
  await chown(socket, user.uid, user.gid);
  for (const folder of folders) {
    const top = await lstat(folder);
    await claimTree(folder, user, top.uid !== user.uid);
  }
}

function withReadOnly(view: HostView, folders: ReadonlyArray<string>): HostView {
  return { ...view, readOnly: [...view.readOnly, ...folders] };
}

function track(launched: Set<LaunchedProcess>, process: LaunchedProcess): LaunchedProcess {
  launched.add(process);
  return process;
}

async function stopAll(launched: Set<LaunchedProcess>): Promise<void> {
  await Promise.all([...launched].map((process) => process.stop()));
}
