import type { SandboxLimits } from './settings.ts';
import type { HostView } from './system-paths.ts';

/** Where the egress socket's folder appears inside every sandbox. */
export const sandboxRunDirectory = '/run/lifeosai';
/** The stdio index of bubblewrap's `--info-fd` (0–2 are stdio, 3 the optional IPC channel). */
export const infoFd = 4;

/** Everything one bubblewrap command line is built from. */
export interface BwrapPlan {
  /**
   * `privileged`: the service runs as root, so bubblewrap sets up namespaces with root's
   * powers and the command then drops to `user` (a real unprivileged uid on the host, so
   * per-user limits apply). `unprivileged`: bubblewrap makes a user namespace; the command
   * runs as the service's own user.
   */
  readonly privilege:
    | { readonly kind: 'privileged'; readonly uid: number; readonly gid: number }
    | { readonly kind: 'unprivileged' };
  readonly view: HostView;
  /** The run's workspace and harness state: writable, at the same paths. */
  readonly writable: ReadonlyArray<string>;
  /** Host folder holding the egress socket, bound at `sandboxRunDirectory`. */
  readonly runDirectory: string;
  readonly cwd: string;
  readonly limits: SandboxLimits;
  /** Scheduling niceness of the run's processes. */
  readonly niceness: number;
  /** Node binary and `sandbox-init.mjs`, both inside the read-only view. */
  readonly nodePath: string;
  readonly initPath: string;
  readonly command: string;
  readonly args: ReadonlyArray<string>;
}

/**
 * The bubblewrap command line of one sandboxed process: new mount, PID, IPC, UTS and network
 * namespaces; an empty root with the system and the platform's code read-only, the run's
 * folders writable, a private size-limited /tmp, a fresh /proc and a minimal /dev; a new
 * session; it dies with its parent. Then, inside: drop to the run's user (privileged mode),
 * set the limits, start `sandbox-init` which starts the command.
 */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = [
    '--die-with-parent',
    '--new-session',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-net',
    '--unshare-cgroup-try',
    '--hostname',
    'lifeosai-sandbox',
  ];
  if (plan.privilege.kind === 'privileged') {
    // Only to drop to the run's user right away (setpriv below); gone after that.
    args.push('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID');
  } else {
    args.push('--unshare-user', '--disable-userns');
  }
  const parents = new ParentFolders(args);
  for (const [path, target] of plan.view.symlinks) args.push('--symlink', target, path);
  // The private /tmp first: the platform's code may itself live under /tmp (a checkout in a
  // `mktemp -d` folder), and a tmpfs mounted after its binds would hide it.
  args.push('--perms', '1777', '--size', String(plan.limits.tmpBytes), '--tmpfs', '/tmp');
  for (const path of plan.view.readOnly) {
    parents.ensure(path);
    args.push('--ro-bind', path, path);
  }
  args.push('--proc', '/proc', '--dev', '/dev');
  for (const path of [...plan.writable, sandboxRunDirectory]) parents.ensure(path);
  for (const path of plan.writable) args.push('--bind', path, path);
  args.push('--bind', plan.runDirectory, sandboxRunDirectory);
  args.push('--chdir', plan.cwd);
  // The IPC channel (if any) is for the command, not for sandbox-init, which is Node too.
  args.push('--unsetenv', 'NODE_CHANNEL_FD', '--unsetenv', 'NODE_CHANNEL_SERIALIZATION_MODE');
  args.push('--info-fd', String(infoFd), '--');
  if (plan.privilege.kind === 'privileged') {
    args.push(
      'setpriv',
      `--reuid=${plan.privilege.uid}`,
      `--regid=${plan.privilege.gid}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
    );
  }
  const { limits } = plan;
  args.push(
    // Without a cgroup, below the platform's own priority: a run that spins (a fork bomb
    // hitting its process limit, a busy loop) cannot starve the services or other runs of CPU.
    'nice',
    `-n${plan.niceness}`,
    'prlimit',
    `--nproc=${limits.maxProcesses}`,
    `--data=${limits.memoryBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--fsize=${limits.fileSizeBytes}`,
    '--core=0',
    '--',
    plan.nodePath,
    plan.initPath,
    plan.command,
    ...plan.args,
  );
  return args;
}

/**
 * Bubblewrap creates the missing parents of a mount point itself, but as root with mode
 * 0700 when it runs privileged, so the run's user could not walk through them. Each parent
 * is made explicitly, world-searchable (0755; it holds nothing but the way down), once.
 */
class ParentFolders {
  readonly #args: string[];
  readonly #made = new Set<string>(['/']);

  constructor(args: string[]) {
    this.#args = args;
  }

  ensure(path: string): void {
    const steps = path.split('/').filter(Boolean);
    for (let index = 1; index < steps.length; index++) {
      const parent = `/${steps.slice(0, index).join('/')}`;
      if (this.#made.has(parent)) continue;
      this.#made.add(parent);
      this.#args.push('--perms', '0755', '--dir', parent);
    }
  }
}
