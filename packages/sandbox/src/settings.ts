import { PlatformError } from '@lifeosai/errors';
import { z } from 'zod';
import { type EgressAllowance, parseAllowance } from './egress-policy.ts';

const megabytes = (fallback: number, max: number, min = 1) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const sandboxEnvironmentSchema = z.object({
  /**
   * `auto` (default): sandbox every run where bubblewrap works; in local mode warn loudly
   * where it does not, in cloud mode refuse to execute runs. `required`: refuse without it
   * in local mode too. `off`: the operator's explicit opt-out (runs are plain processes).
   */
  LIFEOSAI_SANDBOX: z
    .enum(['auto', 'required', 'off'], { error: 'expected auto, required or off' })
    .default('auto'),
  /** The bubblewrap program (default `bwrap` on PATH). */
  LIFEOSAI_SANDBOX_BWRAP: z.string().min(1).default('bwrap'),
  /**
   * When the service runs as root, each agent's processes run as its own unprivileged user:
   * this base plus a number derived from the agent id (0–65535).
   */
  LIFEOSAI_SANDBOX_UID_BASE: z.coerce.number().int().min(1000).max(4_000_000_000).default(1_000_000),
  /**
   * Destinations a run may reach that are otherwise refused (loopback, private and
   * link-local ranges), comma-separated: `10.0.0.0/8`, `192.168.1.20`, `db.internal:5432`,
   * `127.0.0.1:5555` (a loopback address with a port is also reachable at the same address
   * inside the sandbox).
   */
  LIFEOSAI_SANDBOX_ALLOW: z.string().default(''),
  /**
   * Processes (and threads) one run may have at once: its cgroup's `pids.max` where there is
   * one, and its user's `RLIMIT_NPROC` — counted over all of the agent's runs (one user), so
   * that limit is this times the agent's concurrent-run limit.
   */
  LIFEOSAI_SANDBOX_MAX_PROCESSES: z.coerce.number().int().min(16).max(100_000).default(512),
  /**
   * Memory one process of a run may allocate (RLIMIT_DATA). At least 1024: Node and Bun
   * reserve about 600 MB of it at start and crash below that.
   */
  LIFEOSAI_SANDBOX_MEMORY_MB: megabytes(4096, 1_048_576, 1024),
  /** CPU seconds one process of a run may use. */
  LIFEOSAI_SANDBOX_CPU_SECONDS: z.coerce.number().int().min(1).max(31_536_000).default(3600),
  /** Largest file a run may write. */
  LIFEOSAI_SANDBOX_FILE_SIZE_MB: megabytes(1024, 1_048_576),
  /** Size of a run's private /tmp (memory-backed). */
  LIFEOSAI_SANDBOX_TMP_MB: megabytes(512, 1_048_576),
  /** A run's total memory, where cgroups are available. */
  LIFEOSAI_SANDBOX_RUN_MEMORY_MB: megabytes(8192, 1_048_576, 1024),
  /**
   * How much lower than the platform a run's processes are scheduled (nice, 0–19). Default:
   * 0 where the run has a cgroup (its CPU weight counts the whole run as one process), 10
   * where it has none (each of a fork bomb's processes would otherwise weigh like a service).
   */
  LIFEOSAI_SANDBOX_NICE: z.coerce.number().int().min(0).max(19).optional(),
});

/** Per-run resource limits. */
export interface SandboxLimits {
  readonly maxProcesses: number;
  readonly memoryBytes: number;
  readonly cpuSeconds: number;
  readonly fileSizeBytes: number;
  readonly tmpBytes: number;
  /** Scheduling niceness of the run's processes (0–19); undefined: decided per run (see the variable). */
  readonly niceness?: number;
  /** A run's total memory, where cgroups are available. */
  readonly runMemoryBytes: number;
}

/** The sandbox's settings, read once at start. */
export interface SandboxSettings {
  readonly mode: 'auto' | 'required' | 'off';
  readonly bwrap: string;
  readonly uidBase: number;
  readonly allow: ReadonlyArray<EgressAllowance>;
  readonly limits: SandboxLimits;
}

const mib = 1024 * 1024;

/** Reads the `LIFEOSAI_SANDBOX*` variables; a bad value names its variable and what is expected. */
export function loadSandboxSettings(env: Record<string, string | undefined> = process.env): SandboxSettings {
  const parsed = sandboxEnvironmentSchema.safeParse(
    Object.fromEntries(
      Object.entries(env).filter(([name, value]) => name.startsWith('LIFEOSAI_SANDBOX') && value !== ''),
    ),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlatformError(
      'CONFIG_INVALID',
      `Invalid sandbox setting ${String(issue.path[0])}: ${issue.message}`,
    );
  }
  const values = parsed.data;
  const allow = values.LIFEOSAI_SANDBOX_ALLOW.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const allowance = parseAllowance(entry);
      if (!allowance) {
        throw new PlatformError(
          'CONFIG_INVALID',
          `Invalid sandbox setting LIFEOSAI_SANDBOX_ALLOW: "${entry}" is not an address, a CIDR range or a host name, with an optional :port.`,
        );
      }
      return allowance;
    });
  return {
    mode: values.LIFEOSAI_SANDBOX,
    bwrap: values.LIFEOSAI_SANDBOX_BWRAP,
    uidBase: values.LIFEOSAI_SANDBOX_UID_BASE,
    allow,
    limits: {
      maxProcesses: values.LIFEOSAI_SANDBOX_MAX_PROCESSES,
      memoryBytes: values.LIFEOSAI_SANDBOX_MEMORY_MB * mib,
      cpuSeconds: values.LIFEOSAI_SANDBOX_CPU_SECONDS,
      fileSizeBytes: values.LIFEOSAI_SANDBOX_FILE_SIZE_MB * mib,
      tmpBytes: values.LIFEOSAI_SANDBOX_TMP_MB * mib,
      ...(values.LIFEOSAI_SANDBOX_NICE !== undefined && { niceness: values.LIFEOSAI_SANDBOX_NICE }),
      runMemoryBytes: values.LIFEOSAI_SANDBOX_RUN_MEMORY_MB * mib,
    },
  };
}
