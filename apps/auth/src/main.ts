/**
 * The auth service: `node apps/auth/src/main.ts`. Reads the platform config, runs
 * better-auth's migrations, and serves `/api/auth/*`, `/internal/identity` and `/healthz` on
 * loopback (or `LIFEOSAI_HOST`). SIGINT/SIGTERM stop it: no new requests, connections closed.
 */
import { isPlatformError } from '@lifeosai/errors';
import { createLogger } from '@lifeosai/logger';
import packageJson from '../package.json' with { type: 'json' };
import { createAuthService } from './auth-service.ts';
import { createLogMailer } from './mail/mailer.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import { loadAuthSettings } from './settings.ts';

async function main(): Promise<void> {
  const settings = loadAuthSettings();
  const { config } = settings;
  const logger = createLogger({ service: 'auth', level: config.logLevel });
  if (!settings.smtp) {
    logger.warn(
      config.mode === 'cloud'
        ? 'SMTP_URL is not set: verification, reset and invitation links are written to this log only.'
        : 'SMTP_URL is not set: mail links go to this log and to GET /api/auth/dev/last-email?to=<address>.',
    );
  }
  const service = await createAuthService({
    ...settings.service,
    mailer: settings.smtp ? createSmtpMailer(settings.smtp) : createLogMailer(logger),
    logger,
    version: packageJson.version,
  });
  try {
    await service.app.listen({ host: config.host, port: config.ports.auth });
  } catch (error) {
    await service.close();
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(
        `Auth service cannot start: port ${config.ports.auth} on ${config.host} is in use. Set LIFEOSAI_AUTH_PORT (or ports.auth in config.json) to a free port.`,
      );
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = isPlatformError(error)
    ? error.message
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error);
  console.error(`Auth service cannot start: ${message}`);
  process.exit(1);
});
