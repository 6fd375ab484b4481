import { join } from 'node:path';
import type { ServiceSpec } from './service-spec.ts';

/** The four loopback ports of local mode (the shape of `LifeosConfig.ports`). */
export interface PlatformPorts {
  web: number;
  userManagement: number;
  auth: number;
  agentApi: number;
}

/** Options for `platformServices`. */
export interface PlatformServicesOptions {
  /** The repository root (holds `apps/`). */
  root: string;
  /** `$LIFEOSAI_HOME`, passed to every service so they share one database and key files. */
  home: string;
  mode: 'local' | 'cloud';
  ports: PlatformPorts;
  /** Node executable for the services; `process.execPath` keeps them on the same Node 24. */
  nodePath: string;
  /**
   * The provider variables (`ANTHROPIC_API_KEY`, …: `providerEnvironmentVariables` of
   * @lifeosai/config) only the Agent API gets. Passed in, so the supervisor loads no schemas.
   */
  providerVariables: readonly string[];
  /** Whether the web app can run (Next.js installed, the app built); without it the web app is left out. */
  web?: boolean;
  /**
   * Local mode's shape: `one` (default) hosts auth, agent-api and user-management in one process
   * (`scripts/local-services.ts`), each with its own environment; `separate` runs each service's
   * own `main.ts`, as cloud mode always does (one service to debug, the old shape to compare).
   */
  processes?: 'one' | 'separate';
  /**
   * The one-process shape's entry points as bundles (`scripts/local-bundles.ts`, built by npm
   * start's prepare step): the services' process and web then load no TypeScript. The sources
   * run where absent, and always in the `separate` shape.
   */
  bundles?: { readonly services: string; readonly web: string };
}

/**
 * Node flags of local mode's processes (one-process shape): a young generation of 1 MB per
 * semi-space instead of V8's default (up to 16 MB; three of them) keeps an idle process ~25–70 MB
 * smaller; local mode's load is one person's. ADR 0026 has the measurements.
 */
export const localNodeFlags: readonly string[] = ['--max-semi-space-size=1'];

/** How a person changes each port, for "port in use" messages (config.json under `home`). */
export function portSettings(home: string): Record<keyof PlatformPorts, string> {
  const file = join(home, 'config.json');
  return {
    web: `LIFEOSAI_WEB_PORT or ports.web in ${file}`,
    userManagement: `LIFEOSAI_USER_MANAGEMENT_PORT or ports.userManagement in ${file}`,
    auth: `LIFEOSAI_AUTH_PORT or ports.auth in ${file}`,
    agentApi: `LIFEOSAI_AGENT_API_PORT or ports.agentApi in ${file}`,
  };
}

/**
 * The platform as sidecars: auth → agent-api → user-management → web. Every service gets
 * the same home, mode and ports, so each computes the same URLs for the others; nothing
 * secret is put on argv (keys are generated into `home` by the services themselves). The
 * provider variables (`ANTHROPIC_API_KEY`, …) reach the Agent API only: its LLM proxy is
 * the one place keys are used. In local mode the three Fastify services share one process
 * (`options.processes`), each still given its own environment: the process's own environment
 * then lacks the provider variables too, so only the Agent API's configuration object has them.
 */
export function platformServices(options: PlatformServicesOptions): ServiceSpec[] {
  const { root, ports } = options;
  const loopback = (port: number) => `http://127.0.0.1:${port}`;
  const shared: Record<string, string> = {
    LIFEOSAI_HOME: options.home,
    LIFEOSAI_MODE: options.mode,
    LIFEOSAI_HOST: '127.0.0.1',
    LIFEOSAI_WEB_PORT: String(ports.web),
    LIFEOSAI_USER_MANAGEMENT_PORT: String(ports.userManagement),
    LIFEOSAI_AUTH_PORT: String(ports.auth),
    LIFEOSAI_AGENT_API_PORT: String(ports.agentApi),
    LIFEOSAI_PUBLIC_URL: loopback(ports.web),
    LIFEOSAI_AUTH_URL: loopback(ports.auth),
    LIFEOSAI_AGENT_API_URL: loopback(ports.agentApi),
    // The Agent API trusts the internal tokens the gateway signs; its key set is served here.
    LIFEOSAI_IDENTITY_JWKS_URL: `${loopback(ports.userManagement)}/internal/jwks`,
  };
  const settings = portSettings(options.home);
  const app = (name: string, port: number, portSetting: string, dependsOn: string[]): ServiceSpec => ({
    name,
    command: options.nodePath,
    args: [join(root, 'apps', name, 'src', 'main.ts')],
    cwd: root,
    env: shared,
    ...(name !== 'agent-api' && { withheldEnv: options.providerVariables }),
    port,
    healthPath: '/healthz',
    portSetting,
    dependsOn,
  });
  const separate = [
    app('auth', ports.auth, settings.auth, []),
    app('agent-api', ports.agentApi, settings.agentApi, ['auth']),
    app('user-management', ports.userManagement, settings.userManagement, ['auth', 'agent-api']),
  ];
  const oneProcess = options.mode === 'local' && options.processes !== 'separate';
  const services: ServiceSpec[] = oneProcess
    ? [
        {
          name: 'services',
          command: options.nodePath,
          // The hosted services' names (nothing secret): their code loads before the description.
          args: [
            ...localNodeFlags,
            options.bundles?.services ?? join(root, 'scripts', 'local-services.ts'),
            ...separate.map((spec) => spec.name),
          ],
          cwd: root,
          env: shared,
          withheldEnv: options.providerVariables,
          port: ports.userManagement,
          healthPath: '/healthz',
          hosts: separate.map((spec) => ({
            name: spec.name,
            env: spec.env,
            ...(spec.withheldEnv && { withheldEnv: spec.withheldEnv }),
            port: spec.port,
            healthPath: spec.healthPath,
            ...(spec.portSetting && { portSetting: spec.portSetting }),
          })),
        },
      ]
    : separate;
  if (options.web) {
    // Its own server around Next.js (not `next start`): it stamps each request with the
    // browser's address from the socket, which the gateway believes with the service secret.
    services.push({
      name: 'web',
      command: options.nodePath,
      args: oneProcess
        ? [...localNodeFlags, options.bundles?.web ?? join(root, 'apps', 'web', 'src', 'main.ts')]
        : [join(root, 'apps', 'web', 'src', 'main.ts')],
      cwd: join(root, 'apps', 'web'),
      env: { ...shared, NODE_ENV: 'production' },
      withheldEnv: options.providerVariables,
      port: ports.web,
      healthPath: '/healthz',
      portSetting: settings.web,
      // Beside the services' process in the one-process shape: it needs the gateway only to
      // answer requests, and the service secret they share exists already (scripts/migrate.ts).
      ...(oneProcess ? { startsAlongside: true } : { dependsOn: ['user-management'] }),
      startTimeoutMs: 60_000,
    });
  }
  return services;
}
