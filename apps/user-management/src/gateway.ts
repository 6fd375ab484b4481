import cors from '@fastify/cors';
import replyFrom from '@fastify/reply-from';
import type { Me } from '@lifeosai/api-contract';
import type { ResolvedOAuthProvider } from '@lifeosai/config';
import type { DatabaseHandle } from '@lifeosai/db';
import { createLocalFileStorage, type FileStorage } from '@lifeosai/files';
import { contractServerOptions, installErrorHandling, requireServiceToken } from '@lifeosai/http-kit';
import { createOAuthConnections } from '@lifeosai/oauth-connections';
import { createSecretStore, type Redactor, type SecretCipher, serviceToken } from '@lifeosai/secrets';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import { registerAdminRoutes } from './admin/admin-routes.ts';
import { createInstanceDirectory } from './admin/instance-directory.ts';
import { createBilling, type GatewayBillingOptions } from './billing/index.ts';
import { startMeterReporting } from './billing/meter-start.ts';
import { createFileService } from './files/file-service.ts';
import { resolveClientAddresses } from './http/client-address.ts';
import { checkOrigin } from './http/origin-check.ts';
import { requestIdFrom } from './http/request-id.ts';
import { addSecurityHeaders } from './http/security-headers.ts';
import { createAuthApi } from './identity/auth-api.ts';
import { createIdentityResolver } from './identity/auth-client.ts';
import { createAuthDirectory } from './identity/auth-directory.ts';
import { requireIdentity } from './identity/authenticate.ts';
import { cacheIdentities } from './identity/identity-cache.ts';
import { type FeedLog, pollRevocations } from './identity/revocation-feed.ts';
import { listenForRevocations } from './identity/revocation-listener.ts';
import { createProviderSettings } from './models/provider-settings.ts';
import { registerOAuthCallback } from './oauth/oauth-callback.ts';
import { registerOAuthRoutes } from './oauth/oauth-routes.ts';
import { renderDocsPage } from './openapi/docs-page.ts';
import { buildOpenApiDocument } from './openapi/document.ts';
import { type PluginRouteOptions, registerPluginRoutes } from './plugins/plugin-routes.ts';
import { registerAgentProxy } from './proxy/agent-proxy.ts';
import { registerAuthProxy } from './proxy/auth-proxy.ts';
import { registerChannelWebhookProxy } from './proxy/channel-webhook-proxy.ts';
import { registerTwilioVoiceProxy } from './proxy/phone-webhook-proxy.ts';
import { registerUpgradeProxy } from './proxy/upgrade-proxy.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerKeyRoutes } from './routes/keys.ts';
import { registerModelRoutes } from './routes/models.ts';
import { registerOrgSettingsRoutes } from './routes/org-settings.ts';
import { registerOrgRoutes } from './routes/orgs.ts';
import { registerSecretRoutes } from './routes/secrets.ts';
import { createInternalTokens, generateSigningKey } from './tokens/internal-tokens.ts';

export interface GatewayOptions {
  /** The platform database (migrated); the gateway does not close it. */
  database: DatabaseHandle;
  /** Auth service origin (`http://127.0.0.1:3002`): `/api/auth/*` and `/internal/identity`. */
  authUrl: string;
  /**
   * Agent API origin (`http://127.0.0.1:4000`): `/api/agent/*`, the public webhooks and the
   * WebSocket upgrades (browser call, Twilio media stream).
   */
  agentApiUrl: string;
  /** The web app's origin(s): the only ones CORS allows. */
  webOrigin: string | string[];
  /**
   * The platform's service secret (`LIFEOSAI_SERVICE_SECRET`). With it the gateway calls the
   * auth service, and by it knows the web server: only a caller with this service's token may
   * name the client's address (`x-lifeosai-client-ip`) or read `/internal/*`.
   */
  serviceSecret: string;
  /** Ed25519 private JWK that signs internal identity tokens; generated (per process) when absent. */
  signingKey?: JWK;
  /** The master-key cipher and the redactor shared with the logger. */
  secrets: { cipher: SecretCipher; redactor: Redactor };
  files: {
    /** Folder that holds every organization's files (`<root>/<orgId>/…`). */
    root: string;
    /** Another storage for them (the Cloud Storage backend); `root` is then unused. */
    storage?: FileStorage;
    maxUploadBytes: number;
    orgQuotaBytes: number;
  };
  /** pino logger (with the redactor); silent when absent. */
  logger?: FastifyBaseLogger;
  /** Reported by `/healthz`. */
  version?: string;
  /**
   * Longest a cached identity (session or API key) is reused (ms, default 60,000; 0 disables the
   * cache). A backstop only: revocations are pushed (decision 0022).
   */
  identityCacheMs?: number;
  /**
   * Postgres: the platform database's URL, for the revocation listener. Without it a gateway on
   * Postgres caches no identity (every request asks auth). SQLite needs nothing.
   */
  databaseUrl?: string;
  /**
   * Fastify's `trustProxy`: addresses of proxies in front of the gateway (a load balancer)
   * whose `x-forwarded-for` is believed. The web server needs no entry: it vouches with the
   * service token.
   */
  trustProxy?: boolean | string | string[];
  /** Seam for outgoing requests (identity lookups, provider checks). */
  fetch?: typeof fetch;
  /**
   * OAuth connections for agents: the configured providers (`resolveOAuthProviders(config.oauthProviders)`)
   * and where their `env:` client secrets are read (default `process.env`).
   */
  oauth?: { providers: ResolvedOAuthProvider[]; env?: Record<string, string | undefined> };
  /** Config `allowImpersonation`, as the auth service has it: shown on the admin page's impersonation log. */
  allowImpersonation?: boolean;
  /** Plugins: the npm registry (config `npmRegistry`) and the archive size limit. */
  plugins?: Omit<PluginRouteOptions, 'fetch'>;
  /** Billing with Stripe (`STRIPE_*`, config `plans`); off when absent or without `stripe`. */
  billing?: GatewayBillingOptions;
}

export interface Gateway {
  app: FastifyInstance;
  /** Stops accepting requests and ends open proxied streams. Idempotent. */
  close(): Promise<void>;
}

/** Builds the user-management gateway: identity, direct APIs and the proxies. Call `app.listen` to serve. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { db } = options.database;
  const app = Fastify({
    ...contractServerOptions,
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: requestIdFrom,
    return503OnClosing: true,
    // Open proxied streams end at close (clients resume with Last-Event-ID) instead of holding it open.
    forceCloseConnections: true,
  });
  installErrorHandling(app);
  const ownToken = serviceToken(options.serviceSecret, 'user-management');
  const authToken = serviceToken(options.serviceSecret, 'auth');
  resolveClientAddresses(app, ownToken);
  const webOrigins = [options.webOrigin].flat();
  app.decorateRequest('caller', undefined as never);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  addSecurityHeaders(app);
  await app.register(cors, {
    origin: webOrigins,
    credentials: true,
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
  await app.register(replyFrom, {
    // Its own lines would log upstream URLs unredacted; ours cover every proxied request.
    disableRequestLogging: true,
    undici: { connections: 256, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 120_000 },
  });

  const store = createSecretStore({ db, cipher: options.secrets.cipher, redactor: options.secrets.redactor });
  const tokens = await createInternalTokens(options.signingKey ?? (await generateSigningKey()));
  const identities = cacheIdentities(
    createIdentityResolver({ authUrl: options.authUrl, authToken, fetch: options.fetch }),
    {
      maxAgeMs: options.identityCacheMs ?? 60_000,
      feed: revocationFeedFor(options, app.log),
    },
  );
  const authApi = createAuthApi({
    authUrl: options.authUrl,
    webOrigin: webOrigins[0]!,
    authToken,
    fetch: options.fetch,
  });
  const directory = createAuthDirectory(db);
  const files = createFileService({
    db,
    dialect: options.database.dialect,
    storage: options.files.storage ?? createLocalFileStorage({ root: options.files.root }),
    limits: { maxUploadBytes: options.files.maxUploadBytes, orgQuotaBytes: options.files.orgQuotaBytes },
  });
  const settings = createProviderSettings({ db, store });
  const oauth = createOAuthConnections({
    db,
    cipher: options.secrets.cipher,
    redactor: options.secrets.redactor,
    providers: options.oauth?.providers ?? [],
    ...(options.oauth?.env && { env: options.oauth.env }),
    ...(options.fetch && { fetch: options.fetch }),
  });
  const openApi = buildOpenApiDocument({ version: options.version ?? '0.0.0' });
  const docsPage = renderDocsPage(openApi);
  const billing = createBilling({ db, options: options.billing, publicUrl: webOrigins[0]!, log: app.log });
  const meter = startMeterReporting({ database: options.database, options: options.billing, log: app.log });

  app.get('/healthz', async () => ({
    status: 'ok',
    service: 'user-management',
    version: options.version ?? '0.0.0',
  }));
  // Only other services call /internal/*: with the service token, never because of an address.
  await app.register(async (internal) => {
    internal.addHook('onRequest', requireServiceToken(ownToken));
    internal.get('/internal/jwks', async (_request, reply) =>
      reply.header('cache-control', 'private, max-age=300').send(tokens.jwks),
    );
  });
  app.get('/api/openapi.json', async () => openApi);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage));

  await app.register(async (scope) =>
    registerAuthProxy(scope, { authUrl: options.authUrl, identities, authToken }),
  );
  // Public: Telegram authenticates with the webhook's secret token, checked by the Agent API.
  await app.register(async (scope) =>
    registerChannelWebhookProxy(scope, { agentApiUrl: options.agentApiUrl }),
  );
  // Public: Twilio signs its webhook; the Agent API checks the signature.
  await app.register(async (scope) => registerTwilioVoiceProxy(scope, { agentApiUrl: options.agentApiUrl }));
  // Public: Stripe signs its webhook; the raw body is verified before anything is read.
  await app.register(async (scope) => billing.registerWebhook(scope));
  // Public: the provider sends the browser back here; the one-time state decides.
  await app.register(async (scope) =>
    registerOAuthCallback(scope, { oauth, identities, publicOrigin: webOrigins[0]! }),
  );
  // WebSockets (the browser call, Twilio's media stream): no Fastify hook sees an upgrade.
  registerUpgradeProxy(app, {
    agentApiUrl: options.agentApiUrl,
    tokens,
    identities,
    webOrigins: new Set(webOrigins),
    ownToken,
  });
  await app.register(async (privateScope) => {
    privateScope.addHook('onRequest', checkOrigin(new Set(webOrigins)));
    requireIdentity(privateScope, identities);
    await privateScope.register(async (scope) =>
      registerAgentProxy(scope, { agentApiUrl: options.agentApiUrl, tokens }),
    );
    privateScope.get('/api/me', async (request): Promise<Me> => request.caller);
    registerOrgRoutes(privateScope, { db, directory, authApi, identities });
    registerOrgSettingsRoutes(privateScope, { db, directory, authApi, identities, files });
    registerKeyRoutes(privateScope, { db, directory, authApi });
    registerSecretRoutes(privateScope, { db, store });
    registerModelRoutes(privateScope, { db, settings, fetch: options.fetch });
    registerOAuthRoutes(privateScope, { db, oauth, publicOrigin: webOrigins[0]! });
    await privateScope.register(async (scope) => registerFileRoutes(scope, { db, files }));
    await privateScope.register(async (scope) => billing.registerRoutes(scope));
    await privateScope.register(async (scope) =>
      registerPluginRoutes(scope, {
        db,
        npmRegistry: 'https://registry.npmjs.org',
        ...options.plugins,
        fetch: options.fetch,
      }),
    );
    await privateScope.register(async (scope) =>
      registerAdminRoutes(scope, {
        db,
        directory: createInstanceDirectory(db),
        allowImpersonation: options.allowImpersonation ?? false,
        members: directory,
        authApi,
        identities,
      }),
    );
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    close: () => {
      closing ??= Promise.all([app.close(), meter?.stop(), identities.close()]).then(() => undefined);
      return closing;
    },
  };
}

/** SQLite: read the revocations table; Postgres: listen for its notices (none without a URL). */
function revocationFeedFor(options: GatewayOptions, log: FeedLog) {
  const db = options.database.db as unknown as Kysely<unknown>;
  if (options.database.dialect === 'sqlite') return pollRevocations({ db, dialect: 'sqlite', log });
  if (!options.databaseUrl) {
    log.warn({}, 'identity cache off: no databaseUrl to listen for revocations on; every request asks auth');
    return undefined;
  }
  return listenForRevocations({ url: options.databaseUrl, db, log });
}
