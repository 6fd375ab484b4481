/**
 * The auth service: `startAuthService(env)`. Reads the platform config, runs
 * better-auth's migrations, and serves `/api/auth/*`, `/internal/identity` (service token only) and `/healthz` on
 * loopback (or `LIFEOSAI_HOST`). `stop()` closes it: no new requests, connections closed.
 */
import { logFormatOf } from '@lifeosai/config';
import { listenOnConfiguredPort, type RunningService, type ServiceEnvironment } from '@lifeosai/http-kit';
import { createLogger } from '@lifeosai/logger';
import packageJson from '../package.json' with { type: 'json' };
import { createAuthService } from './auth-service.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import { loadAuthSettings } from './settings.ts';

export async function startAuthService(env: ServiceEnvironment): Promise<RunningService> {
  const settings = loadAuthSettings(env);
  const { config } = settings;
  const logger = createLogger({ service: 'auth', level: config.logLevel, format: logFormatOf(config) });
  if (!settings.smtp) {
    logger.warn(
      config.mode === 'cloud'
        ? 'SMTP_URL is not set: verification, reset and invitation links are written to this log only.'
        : 'SMTP_URL is not set: mail links go to this log and to the outbox the instance admin sees (Admin page, GET /api/admin/outbox).',
    );
  }
  if (config.allowImpersonation) {
    logger.warn('impersonation is on (LIFEOSAI_ALLOW_IMPERSONATION): every use is written to the audit log.');
  }
  const service = await createAuthService({
    ...settings.service,
    // Without SMTP the service's default, the log, gets the mail.
    ...(settings.smtp && { mailer: createSmtpMailer(settings.smtp) }),
    logger,
    version: packageJson.version,
  });
  await listenOnConfiguredPort(service.app, {
    host: config.host,
    port: config.ports.auth,
    variable: 'LIFEOSAI_AUTH_PORT',
    configKey: 'auth',
  }).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  return { logger, stop: () => service.close() };
}
