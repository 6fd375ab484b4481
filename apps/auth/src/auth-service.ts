import { type DatabaseTarget, installIdentityRevocationTriggers } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { contractServerOptions, installErrorHandling, trustedNetworks } from '@lifeosai/http-kit';
import { createLogger, type Logger } from '@lifeosai/logger';
import { serviceToken } from '@lifeosai/secrets';
import { getMigrations } from 'better-auth/db/migration';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildAuthOptions, createAuth, type LifeosAuth } from './create-auth.ts';
import { openAuthDatabase } from './database/auth-database.ts';
import { registerBetterAuthRoutes } from './http/better-auth-routes.ts';
import { registerSignInMethodsRoute, socialSignInMethods } from './http/sign-in-methods-route.ts';
import { registerInternalRoutes } from './identity/internal-routes.ts';
import { createIdentityResolver } from './identity/resolve-identity.ts';
import { endImpersonationSessions, recordImpersonation } from './impersonation/impersonation-audit.ts';
import { createLogMailer, type Mailer } from './mail/mailer.ts';
import { createOutboxMailer } from './mail/outbox-mailer.ts';
import type { SocialProvidersOptions } from './oauth/social-providers.ts';
import type { AccountRateLimitRules } from './rate-limit/account-rate-limit.ts';

export interface AuthServiceOptions {
  /** The platform database; better-auth's tables are created in it at start. */
  database: DatabaseTarget;
  /**
   * Public origin the browser uses, e.g. `http://127.0.0.1:3000` (the web app: the browser
   * reaches `/api/auth` through it). Links in mail and OAuth redirect URIs are built from it;
   * `https://` makes cookies `Secure` (and `__Secure-` prefixed).
   */
  baseUrl: string;
  /** `BETTER_AUTH_SECRET`: signs cookies and tokens, encrypts JWKS private keys. At least 32 characters. */
  secret: string;
  /**
   * The platform's service secret (`LIFEOSAI_SERVICE_SECRET`): `/internal/*` answers only
   * requests carrying the token derived from it, and a client address (`x-lifeosai-client-ip`)
   * is believed only next to that token — from the gateway, never because of where it comes from.
   */
  serviceSecret: string;
  /** Other origins allowed to send credentialed requests (the `baseUrl` origin always is). */
  trustedOrigins?: string[];
  /**
   * Client-address header names the proxies in `trustedNetworks` set, e.g.
   * `['x-forwarded-for']`. From anyone else they are ignored and the peer address counts.
   */
  trustedProxyHeaders?: string[];
  /**
   * Addresses (IPs or CIDR ranges) of proxies in front of this service whose client-address
   * headers are believed. Default none: not even loopback (an agent's shell is loopback too).
   */
  trustedNetworks?: string[];
  /**
   * `local` (default): verification optional; without a `mailer`, links go to the log and to
   * the outbox the instance admin reads. `cloud`: verification required, links only to the log.
   */
  mode?: 'local' | 'cloud';
  /** Whether email/password accounts must verify their address before signing in. Default: cloud mode. */
  requireEmailVerification?: boolean;
  /**
   * Where verification, reset and invitation mail goes. Default: the log (info) and, in local
   * mode, the outbox (`mail_outbox`, `GET /api/admin/outbox` on the gateway); in cloud mode the
   * log alone reaches nobody, so `GET /api/auth/methods` then reports password reset unavailable.
   */
  mailer?: Mailer;
  socialProviders?: SocialProvidersOptions;
  /**
   * Limit on sign-in and sign-up attempts per client address (`window` seconds, `max`
   * attempts). Default better-auth's: 3 per 10 s.
   */
  rateLimit?: { window: number; max: number };
  /** Limits per account, whatever the address (see `accountRateLimit`); defaults apply when absent. */
  accountRateLimit?: AccountRateLimitRules;
  logger?: Logger;
  /**
   * Whether the instance admin may impersonate users (config `allowImpersonation`; default
   * false). When on, every start and end is written to the platform's audit log (the platform
   * schema is brought up to date first); when off, the route answers 403 and impersonation
   * sessions left from before are ended at start.
   */
  allowImpersonation?: boolean;
  /** Run better-auth's migrations before serving (default true; idempotent). */
  migrate?: boolean;
  /** Reported by `/healthz`. */
  version?: string;
}

export interface AuthService {
  /** Routes registered, not listening: call `app.listen(...)` or use `app.inject(...)`. */
  app: FastifyInstance;
  /** The better-auth instance (`auth.api.*` for server-side calls). */
  auth: LifeosAuth;
  /** Stops the server (if listening) and closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * The identity service: better-auth at `/api/auth/*`, `GET /api/auth/methods` (what the sign-in
 * page may offer), `GET /internal/identity` for the gateway (service token required) and
 * `GET /healthz`. No route ever answers with a mailed link.
 */
export async function createAuthService(options: AuthServiceOptions): Promise<AuthService> {
  const baseUrl = checkedBaseUrl(options.baseUrl);
  if (options.secret.length < 32) {
    throw new PlatformError('CONFIG_INVALID', 'BETTER_AUTH_SECRET must be at least 32 characters.');
  }
  const mode = options.mode ?? 'local';
  const logger = options.logger ?? createLogger({ service: 'auth' });
  const ownToken = serviceToken(options.serviceSecret, 'auth');
  const proxies = {
    headers: options.trustedProxyHeaders ?? [],
    proxies: trustedNetworks(options.trustedNetworks ?? []),
  };

  const database = await openAuthDatabase(options.database);
  try {
    const outbox = mode === 'local' && !options.mailer;
    const logMailer = createLogMailer(logger);
    const allowImpersonation = options.allowImpersonation ?? false;
    const auditLog = allowImpersonation
      ? await database.platform({ migrate: options.migrate ?? true })
      : undefined;
    const authOptions = buildAuthOptions({
      database,
      baseUrl,
      secret: options.secret,
      trustedOrigins: options.trustedOrigins ?? [],
      requireEmailVerification: options.requireEmailVerification ?? mode === 'cloud',
      mailer:
        options.mailer ?? (outbox ? createOutboxMailer(logMailer, () => database.platform()) : logMailer),
      socialProviders: options.socialProviders ?? {},
      signInRateLimit: options.rateLimit,
      accountRateLimit: options.accountRateLimit,
      impersonation: {
        allowed: allowImpersonation,
        record: async (event) => {
          if (!auditLog) throw new Error('impersonation is off: there is nothing to record');
          await recordImpersonation(auditLog, event);
        },
      },
      logger,
    });
    if (options.migrate ?? true) {
      await database.exclusively(async () => {
        await (await getMigrations(authOptions)).runMigrations();
        // The platform's tables (the outbox, identity_revocations) before the first sign-up, then
        // the triggers that tell every gateway whose cached identity changed (decision 0022).
        const platform = await database.platform({ migrate: true });
        await installIdentityRevocationTriggers(platform as unknown as Kysely<unknown>, database.type);
      });
    }
    if (!allowImpersonation) {
      const ended = await endImpersonationSessions(database);
      if (ended > 0)
        logger.warn({ ended }, 'impersonation is off: ended the impersonation sessions left from before');
    }
    const auth = createAuth(authOptions);
    const context = await auth.$context;

    const app = Fastify({
      ...contractServerOptions,
      loggerInstance: logger as FastifyBaseLogger,
      genReqId: () => crypto.randomUUID(),
    });
    installErrorHandling(app);
    app.get('/healthz', async () => ({ status: 'ok', service: 'auth', version: options.version ?? '0.1.0' }));
    registerSignInMethodsRoute(app, {
      emailAndPassword: true,
      requireEmailVerification: authOptions.emailAndPassword.requireEmailVerification,
      passwordReset: Boolean(options.mailer) || outbox,
      social: socialSignInMethods(context.socialProviders),
      mailOutbox: outbox,
    });
    await registerBetterAuthRoutes(app, { handler: auth.handler, baseUrl, serviceToken: ownToken, proxies });
    await registerInternalRoutes(app, {
      serviceToken: ownToken,
      resolveIdentity: createIdentityResolver({
        db: database.db,
        getSession: (headers) => auth.api.getSession({ headers, query: { disableCookieCache: true } }),
      }),
    });

    let closed = false;
    return {
      app,
      auth,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function checkedBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PlatformError(
      'CONFIG_INVALID',
      `baseUrl "${text}" is not a URL (expected e.g. http://127.0.0.1:3000).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PlatformError('CONFIG_INVALID', `baseUrl must be http:// or https:// (got ${url.protocol}//).`);
  }
  return url.origin;
}
