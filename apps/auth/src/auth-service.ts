import type { DatabaseTarget } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { contractServerOptions, installErrorHandling } from '@lifeosai/http-kit';
import { createLogger, type Logger } from '@lifeosai/logger';
import { getMigrations } from 'better-auth/db/migration';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { buildAuthOptions, createAuth, type LifeosAuth } from './create-auth.ts';
import { openAuthDatabase } from './database/auth-database.ts';
import { registerBetterAuthRoutes } from './http/better-auth-routes.ts';
import type { ClientIpPolicy } from './http/client-ip.ts';
import { redactUrl } from './http/redact-url.ts';
import { registerSignInMethodsRoute, socialSignInMethods } from './http/sign-in-methods-route.ts';
import { loopbackNetworks, trustedNetworks } from './http/trusted-networks.ts';
import { registerInternalRoutes } from './identity/internal-routes.ts';
import { createIdentityResolver } from './identity/resolve-identity.ts';
import { registerDevMailboxRoute } from './mail/dev-mailbox-route.ts';
import { createLogMailer, createRecordingMailer, type Mailer } from './mail/mailer.ts';
import type { SocialProvidersOptions } from './oauth/social-providers.ts';

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
  /** Other origins allowed to send credentialed requests (the `baseUrl` origin always is). */
  trustedOrigins?: string[];
  /**
   * Client-address header names the gateway sets, e.g. `['x-forwarded-for']`. Believed only
   * from `trustedNetworks`; from anyone else they are ignored and the peer address counts.
   */
  trustedProxyHeaders?: string[];
  /**
   * Addresses (IPs or CIDR ranges) of the gateway: the only peers whose client-address
   * headers are believed and that may call `/internal/*`. Default loopback.
   */
  trustedNetworks?: string[];
  /**
   * `local` (default): verification optional, and `GET /api/auth/dev/last-email` shows the
   * last links sent. `cloud`: verification required, no dev mailbox.
   */
  mode?: 'local' | 'cloud';
  /** Whether email/password accounts must verify their address before signing in. Default: cloud mode. */
  requireEmailVerification?: boolean;
  /**
   * Where verification, reset and invitation mail goes. Default: the log (info), where nobody
   * receives it — so outside local mode (which keeps the dev mailbox) `GET /api/auth/methods`
   * then reports that password reset is unavailable.
   */
  mailer?: Mailer;
  socialProviders?: SocialProvidersOptions;
  /**
   * Limit on sign-in and sign-up attempts per client address (`window` seconds, `max`
   * attempts). Default better-auth's: 3 per 10 s.
   */
  rateLimit?: { window: number; max: number };
  logger?: Logger;
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
 * page may offer), `GET /internal/identity` for the gateway, `GET /healthz`, and in local mode
 * `GET /api/auth/dev/last-email`.
 */
export async function createAuthService(options: AuthServiceOptions): Promise<AuthService> {
  const baseUrl = checkedBaseUrl(options.baseUrl);
  if (options.secret.length < 32) {
    throw new PlatformError('CONFIG_INVALID', 'BETTER_AUTH_SECRET must be at least 32 characters.');
  }
  const mode = options.mode ?? 'local';
  const logger = options.logger ?? createLogger({ service: 'auth' });
  const peers = trustedNetworks(options.trustedNetworks ?? loopbackNetworks);
  const clientIp: ClientIpPolicy = { headers: options.trustedProxyHeaders ?? [], trustedPeers: peers };
  const transport = options.mailer ?? createLogMailer(logger);
  const mailbox = mode === 'local' ? createRecordingMailer(transport) : undefined;

  const database = await openAuthDatabase(options.database);
  try {
    const authOptions = buildAuthOptions({
      database,
      baseUrl,
      secret: options.secret,
      trustedOrigins: options.trustedOrigins ?? [],
      requireEmailVerification: options.requireEmailVerification ?? mode === 'cloud',
      mailer: mailbox ?? transport,
      socialProviders: options.socialProviders ?? {},
      signInRateLimit: options.rateLimit,
      logger,
    });
    if (options.migrate ?? true) {
      await database.exclusively(async () => (await getMigrations(authOptions)).runMigrations());
    }
    const auth = createAuth(authOptions);
    const context = await auth.$context;

    const requestLogger = logger.child(
      {},
      {
        serializers: {
          req: (request: FastifyRequest) => ({
            method: request.method,
            url: redactUrl(request.url),
            remoteAddress: request.socket?.remoteAddress,
          }),
        },
      },
    );
    const app = Fastify({
      ...contractServerOptions,
      loggerInstance: requestLogger as FastifyBaseLogger,
      genReqId: () => crypto.randomUUID(),
    });
    installErrorHandling(app);
    app.get('/healthz', async () => ({ status: 'ok', service: 'auth', version: options.version ?? '0.1.0' }));
    if (mailbox) registerDevMailboxRoute(app, mailbox, clientIp);
    registerSignInMethodsRoute(app, {
      emailAndPassword: true,
      requireEmailVerification: authOptions.emailAndPassword.requireEmailVerification,
      passwordReset: Boolean(options.mailer) || mailbox !== undefined,
      social: socialSignInMethods(context.socialProviders),
      devMailbox: mailbox !== undefined,
    });
    await registerBetterAuthRoutes(app, { handler: auth.handler, baseUrl, clientIp });
    await registerInternalRoutes(app, {
      trustedPeers: peers,
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
