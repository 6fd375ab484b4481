import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileFor, type LifeosConfig, loadConfig, webOrigins } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import { loadServiceSecret, readOrCreateSecret } from '@lifeosai/secrets';
import { z } from 'zod';
import type { AuthServiceOptions } from './auth-service.ts';
import { AUTH_SECRET_FILE, PENDING_AUTH_SECRET_FILE } from './rotation/rotate-auth-secret.ts';

const commaList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .optional();

const authEnvironmentSchema = z.object({
  /** Signs cookies and tokens. Required in cloud mode; generated into $LIFEOSAI_HOME/auth-secret locally. */
  BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The origin browsers use (the web app). */
  LIFEOSAI_PUBLIC_URL: z.url({ error: 'expected a URL like https://lifeos.example.com' }).optional(),
  /** More origins allowed to send credentialed requests, comma-separated. */
  LIFEOSAI_TRUSTED_ORIGINS: commaList,
  /** Client-address headers the proxies in front of this service set (default x-forwarded-for), comma-separated. */
  LIFEOSAI_TRUSTED_PROXY_HEADERS: commaList,
  /**
   * Addresses (IPs/CIDRs) of proxies in front of this service whose client-address headers are
   * believed (default none). The gateway needs no entry: it vouches with the service secret.
   */
  LIFEOSAI_TRUSTED_NETWORKS: commaList,
  /** `true`/`false`: refuse sign-in until the email is verified (default: on in cloud mode, off locally). */
  LIFEOSAI_REQUIRE_EMAIL_VERIFICATION: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((value) => value === 'true')
    .optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_TENANT_ID: z.string().min(1).optional(),
  /** smtp://user:password@host:587 or smtps://…:465; without it mail goes to the log. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp:// or smtps://')
    .optional(),
  /** The From address (default `LIFEOSAI <no-reply@localhost>`). */
  SMTP_FROM: z.string().min(3).optional(),
});

/** Everything main.ts needs: the platform config and the options for createAuthService. */
export interface AuthSettings {
  config: LifeosConfig;
  service: Omit<AuthServiceOptions, 'logger' | 'mailer'>;
  smtp?: { url: string; from: string };
}

/**
 * Reads @lifeosai/config and the auth service's own environment variables, once, at start.
 * Any mistake names the variable and what is expected.
 */
export function loadAuthSettings(env: Record<string, string | undefined> = process.env): AuthSettings {
  const config = loadConfig({ env });
  const parsed = authEnvironmentSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlatformError(
      'CONFIG_INVALID',
      `Invalid auth setting ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const settings = parsed.data;
  return {
    config,
    service: {
      database:
        config.mode === 'local'
          ? { dialect: 'sqlite', path: databaseFileFor(config) }
          : { dialect: 'postgres', url: config.databaseUrl! },
      baseUrl: settings.LIFEOSAI_PUBLIC_URL ?? `http://127.0.0.1:${config.ports.web}`,
      secret: settings.BETTER_AUTH_SECRET ?? localSecret(config),
      serviceSecret: loadServiceSecret({ mode: config.mode, home: config.home, env }),
      trustedOrigins: webOrigins(
        config.ports.web,
        settings.LIFEOSAI_PUBLIC_URL,
        settings.LIFEOSAI_TRUSTED_ORIGINS,
      ),
      trustedProxyHeaders: settings.LIFEOSAI_TRUSTED_PROXY_HEADERS ?? ['x-forwarded-for'],
      ...(settings.LIFEOSAI_TRUSTED_NETWORKS && { trustedNetworks: settings.LIFEOSAI_TRUSTED_NETWORKS }),
      mode: config.mode,
      allowImpersonation: config.allowImpersonation,
      ...(settings.LIFEOSAI_REQUIRE_EMAIL_VERIFICATION !== undefined && {
        requireEmailVerification: settings.LIFEOSAI_REQUIRE_EMAIL_VERIFICATION,
      }),
      socialProviders: {
        ...(pair(settings, 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET') && {
          google: { clientId: settings.GOOGLE_CLIENT_ID!, clientSecret: settings.GOOGLE_CLIENT_SECRET! },
        }),
        ...(pair(settings, 'MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET') && {
          microsoft: {
            clientId: settings.MICROSOFT_CLIENT_ID!,
            clientSecret: settings.MICROSOFT_CLIENT_SECRET!,
            ...(settings.MICROSOFT_TENANT_ID && { tenantId: settings.MICROSOFT_TENANT_ID }),
          },
        }),
      },
    },
    ...(settings.SMTP_URL && {
      smtp: { url: settings.SMTP_URL, from: settings.SMTP_FROM ?? 'LIFEOSAI <no-reply@localhost>' },
    }),
  };

  function localSecret(platform: LifeosConfig): string {
    if (platform.mode === 'cloud') {
      throw new PlatformError(
        'CONFIG_INVALID',
        'BETTER_AUTH_SECRET is required in cloud mode (at least 32 random characters, e.g. `openssl rand -base64 48`).',
      );
    }
    if (existsSync(join(platform.home, PENDING_AUTH_SECRET_FILE))) {
      throw new PlatformError(
        'CONFIG_INVALID',
        `An auth secret rotation was interrupted (${join(platform.home, PENDING_AUTH_SECRET_FILE)} exists); ` +
          'run `npm run rotate:auth-secret` again to finish it before starting LIFEOSAI.',
      );
    }
    return readOrCreateSecret(join(platform.home, AUTH_SECRET_FILE));
  }
}

/** Both halves of a client id/secret pair, or neither. */
function pair(settings: Record<string, unknown>, id: string, secret: string): boolean {
  if (!settings[id] && !settings[secret]) return false;
  if (!settings[id] || !settings[secret]) {
    throw new PlatformError('CONFIG_INVALID', `Set both ${id} and ${secret}, or neither (only one is set).`);
  }
  return true;
}
