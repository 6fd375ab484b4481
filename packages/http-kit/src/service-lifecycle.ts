import { isPlatformError, PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';

/** Where a service's port comes from, so a clash can name the setting to change. */
export interface PortSetting {
  host: string;
  port: number;
  /** Environment variable, e.g. `LIFEOSAI_AUTH_PORT`. */
  variable: string;
  /** Key under `ports` in config.json, e.g. `auth`. */
  configKey: string;
}

/**
 * Listens on the configured port; a port already taken becomes `PORT_IN_USE` with a message
 * naming the port and the setting to change, instead of Node's bare EADDRINUSE.
 */
export async function listenOnConfiguredPort(app: FastifyInstance, setting: PortSetting): Promise<void> {
  try {
    await app.listen({ host: setting.host, port: setting.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'EADDRINUSE') throw error;
    throw new PlatformError(
      'PORT_IN_USE',
      `port ${setting.port} on ${setting.host} is in use. Set ${setting.variable} (or ports.${setting.configKey} in config.json) to a free port.`,
      { cause: error },
    );
  }
}

/** A started service: how to stop it, and where to say so. */
export interface RunningService {
  logger: { info(fields: object, message: string): void };
  /** Closes everything the service opened. Called once. */
  stop(): Promise<void>;
}

/**
 * Set by @lifeosai/supervisor (npm start) in every process it launches. Such a process's stdin
 * is its lifeline: the supervisor holds it open while it lives, so its end means the supervisor
 * is gone (killed, crashed), and the process stops instead of living on as an orphan.
 */
export const supervisedVariable = 'LIFEOSAI_SUPERVISED';

/**
 * The life of a service process, the same for every service: start; on failure print
 * `<name> cannot start: <why>` and exit 1; on the first SIGINT/SIGTERM — or, launched by the
 * supervisor, when its stdin ends (`supervisedVariable`) — stop in order and exit 0.
 */
export function runService(name: string, start: () => Promise<RunningService>): void {
  start().then(
    (service) => {
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        service.logger.info({ signal }, 'stopping');
        await service.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
      if (process.env[supervisedVariable]) {
        process.stdin.once('end', () => void stop('the supervisor is gone (stdin ended)'));
        process.stdin.resume();
      }
    },
    (error: unknown) => {
      const reason = isPlatformError(error)
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
      console.error(`${name} cannot start: ${reason}`);
      process.exit(1);
    },
  );
}

/**
 * The variables one service reads. Each service takes its own object (never the shared
 * `process.env` directly), so several services can live in one process with different settings.
 */
export type ServiceEnvironment = Record<string, string | undefined>;
