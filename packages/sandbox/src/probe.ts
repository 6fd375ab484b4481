import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';
import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import { openRunSandbox } from './run-sandbox.ts';
import type { SandboxSettings } from './settings.ts';

/** Whether runs can be sandboxed on this machine, and if not why and what to do. */
export type SandboxProbe =
  | { readonly works: true }
  | { readonly works: false; readonly reason: string; readonly fix: string };

/** How runs will execute here, decided once at start from the settings and the probe. */
export interface SandboxDecision {
  readonly isolation: 'bubblewrap' | 'none';
  /** Set when runs are not sandboxed: said at start, in doctor and in the web app. */
  readonly warning?: { readonly message: string; readonly fix: string };
}

const installFix =
  'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) and make sure user namespaces are allowed, or set LIFEOSAI_SANDBOX=off to run agents unsandboxed at your own risk';

/**
 * Starts one real sandbox with the settings in use — bubblewrap, the user switch, limits,
 * the init and its egress listener — running a shell one-liner that must see itself alone
 * in its PID namespace and not be root. The init is a Node process run as the run's user, so
 * Node working in there is proven by it; the command is the shell, not a second Node start
 * (~0.1 s of CPU less while the platform starts). About 0.15–0.3 s. Never rejects: what went
 * wrong, preparing the test sandbox included, is the answer's reason.
 */
export async function probeSandbox(settings: SandboxSettings): Promise<SandboxProbe> {
  if (!findProgram(settings.bwrap)) {
    return { works: false, reason: `bubblewrap (${settings.bwrap}) is not installed`, fix: installFix };
  }
  let root: string | undefined;
  let stderr = '';
  try {
    root = await mkdtemp(join(tmpdir(), 'lifeosai-probe-'));
    const workspace = join(root, 'workspace');
    const state = join(root, 'state');
    await mkdir(workspace);
    await mkdir(state);
    const sandbox = await openRunSandbox(
      { agentId: 'probe', workspace, stateDirectory: state, platformOrigin: 'http://127.0.0.1:65000' },
      settings,
      'bubblewrap',
    );
    try {
      // The PID namespace's processes (bubblewrap's PID 1, the init, this shell) and the user.
      const script = 'set -- /proc/[0-9]*; [ "$#" -le 4 ] && [ "$(id -u)" != 0 ] || exit 3';
      const launched = sandbox.launcher.spawn({
        command: '/bin/sh',
        args: ['-c', script],
        cwd: workspace,
        env: { PATH: '/usr/bin:/bin', HOME: state },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      launched.child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      const outcome = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
        launched.child.once('error', (error) => resolve({ code: null, error }));
        launched.child.once('exit', (code) => resolve({ code }));
        setTimeout(() => resolve({ code: null, error: new Error('no answer within 15 s') }), 15_000).unref();
      });
      if (outcome.error) {
        const missing = (outcome.error as NodeJS.ErrnoException).code === 'ENOENT';
        return {
          works: false,
          reason: missing
            ? `bubblewrap (${settings.bwrap}) is not installed`
            : `bubblewrap could not start: ${outcome.error.message}`,
          fix: installFix,
        };
      }
      if (outcome.code !== 0) {
        const detail = stderr.trim().split('\n').at(-1) || `exit code ${outcome.code}`;
        return { works: false, reason: `a test sandbox failed: ${detail}`, fix: installFix };
      }
      return { works: true };
    } finally {
      await sandbox.close();
    }
  } catch (error) {
    return {
      works: false,
      reason: `a test sandbox could not be prepared: ${(error as Error).message}`,
      fix: installFix,
    };
  } finally {
    if (root) await rm(root, { recursive: true, force: true });
  }
}

/**
 * How runs execute, given the settings, the platform's mode and the probe: sandboxed where it
 * works; unsandboxed only where the operator switched the sandbox off, or in local mode with
 * `auto` (with a warning). Cloud mode and `required` refuse: the service does not start.
 */
export function decideIsolation(
  settings: SandboxSettings,
  platformMode: 'local' | 'cloud',
  probe: SandboxProbe | undefined,
): SandboxDecision {
  if (settings.mode === 'off') {
    return {
      isolation: 'none',
      warning: {
        message:
          'the run sandbox is switched off (LIFEOSAI_SANDBOX=off): agents run as plain processes that can read this machine’s files',
        fix: 'unset LIFEOSAI_SANDBOX to sandbox every run with bubblewrap',
      },
    };
  }
  if (probe?.works) return { isolation: 'bubblewrap' };
  const reason = probe && !probe.works ? probe.reason : 'the sandbox was not checked';
  const fix = probe && !probe.works ? probe.fix : installFix;
  if (platformMode === 'cloud' || settings.mode === 'required') {
    throw new PlatformError(
      'SANDBOX_UNAVAILABLE',
      `runs cannot be sandboxed here (${reason}), and ${platformMode === 'cloud' ? 'cloud mode' : 'LIFEOSAI_SANDBOX=required'} never runs agents unsandboxed. Fix: ${fix}.`,
    );
  }
  return {
    isolation: 'none',
    warning: {
      message: `runs are NOT sandboxed: ${reason}. Agents run as plain processes that can read this machine’s files, the platform’s keys included`,
      fix,
    },
  };
}

/** The decision as a finding a UI or `npm run doctor` shows next to each harness. */
export function sandboxDiagnostic(decision: SandboxDecision): EnvironmentDiagnostic {
  if (decision.isolation === 'bubblewrap') {
    return {
      id: 'run-sandbox',
      status: 'ok',
      message:
        'Runs are sandboxed (bubblewrap): each sees only its own folders, has its own processes and network, and reaches models through the platform.',
    };
  }
  return {
    id: 'run-sandbox',
    status: 'warn',
    message: `Runs are not sandboxed: ${decision.warning?.message ?? 'bubblewrap is not in use'}.`,
    fix: decision.warning?.fix ?? installFix,
  };
}

/** Whether `program` (a path, or a name looked up on PATH) is an executable file. */
function findProgram(program: string): boolean {
  const candidates = program.includes('/')
    ? [program]
    : (process.env.PATH ?? '/usr/bin:/bin').split(':').map((folder) => join(folder, program));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
