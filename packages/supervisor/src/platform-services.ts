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
  /** Serve the web app (`apps/web/src/main.ts`, Next.js's build inside); left out when not set. */
  web?: boolean;
}

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
 * secret is put on argv (keys are generated into `home` by the services themselves).
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
    port,
    healthPath: '/healthz',
    portSetting,
    dependsOn,
  });
  const services = [
    app('auth', ports.auth, settings.auth, []),
    app('agent-api', ports.agentApi, settings.agentApi, ['auth']),
    app('user-management', ports.userManagement, settings.userManagement, ['auth', 'agent-api']),
  ];
  if (options.web) {
    services.push({
      name: 'web',
      command: options.nodePath,
      args: [join(root, 'apps', 'web', 'src', 'main.ts')],
      cwd: join(root, 'apps', 'web'),
      env: { ...shared, PORT: String(ports.web), HOSTNAME: '127.0.0.1', NODE_ENV: 'production' },
      port: ports.web,
      healthPath: '/healthz',
      portSetting: settings.web,
      dependsOn: ['user-management'],
      startTimeoutMs: 60_000,
    });
  }
  return services;
}
