/** One sidecar the supervisor runs. */
export interface ServiceSpec {
  /** Short name used in log prefixes (`[auth]`) and in `dependsOn`. */
  name: string;
  /** Executable to run, usually `process.execPath`. */
  command: string;
  /** Arguments. Never put a secret here: argv is visible to every user in `ps`. */
  args: string[];
  /** Working directory of the process. */
  cwd: string;
  /** Extra environment, merged over the supervisor's `env`. Secrets go here, not in `args`. */
  env: Record<string, string>;
  /**
   * Variables of the supervisor's `env` this service does not inherit: a service receives
   * only the environment it needs (provider keys reach the Agent API alone).
   */
  withheldEnv?: readonly string[];
  /** The loopback port the service listens on; checked free before start, polled for health. */
  port: number;
  /** Path answered with 2xx once the service is ready, e.g. `/healthz`. */
  healthPath: string;
  /** Services that must be healthy before this one starts. */
  dependsOn?: string[];
  /**
   * How a person changes `port`, quoted in the "port in use" message, e.g.
   * `LIFEOSAI_AUTH_PORT or ports.auth in ~/.lifeosai/config.json`.
   */
  portSetting?: string;
  /** How long to wait for the first healthy answer; default 30 s. */
  startTimeoutMs?: number;
  /**
   * Starts at once, alongside the others, instead of after the services before it: for a
   * service that needs the others only to answer requests, not to start (no `dependsOn`).
   * It still stops in its place of the order.
   */
  startsAlongside?: boolean;
  /**
   * The services this one process hosts (local mode's three Fastify services in one process),
   * started and polled in this order; `port` and `healthPath` are then unused. Each gets its own
   * environment — the supervisor's `env` without its `withheldEnv`, its `env` over it — written as
   * the line `{"services":[{"name","env"}…]}` on the process's stdin (never argv, never the
   * process's own environment, which is built from this spec's `env` and `withheldEnv` as usual),
   * at launch. stdin then stays open until the supervisor ends (every service's lifeline).
   */
  hosts?: HostedService[];
}

/** One service inside a process that hosts several (`ServiceSpec.hosts`). */
export interface HostedService {
  /** The service's name: progress lines (`auth ready in …`) and the host's choice of code. */
  name: string;
  /** Its own environment, merged over the supervisor's `env`. */
  env: Record<string, string>;
  /** Variables of the supervisor's `env` this service does not get. */
  withheldEnv?: readonly string[];
  port: number;
  healthPath: string;
  portSetting?: string;
}

/** What `SupervisorError.code` says went wrong while starting. */
export type SupervisorErrorCode = 'PORT_IN_USE' | 'SERVICE_EXITED' | 'HEALTH_TIMEOUT' | 'DEPENDENCY_UNKNOWN';

/** A service could not be started; `message` is written for a person and names the fix. */
export class SupervisorError extends Error {
  override readonly name = 'SupervisorError';
  /** What went wrong, for code to branch on. */
  readonly code: SupervisorErrorCode;
  /** The service that could not start. */
  readonly service: string;

  constructor(code: SupervisorErrorCode, service: string, message: string) {
    super(message);
    this.code = code;
    this.service = service;
  }
}
