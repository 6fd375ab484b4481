import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  buildApp,
  type ChannelRuntimeService,
  channelDrivers,
  createChannelRuntime,
  createIdentityVerifier,
  createInProcessEventBus,
  createOrchestrator,
  createPostgresEventBus,
  type IdentityVerifier,
  type Orchestrator,
  runHooks,
  servedPlatform,
  testRunSandboxes,
  wireLlmProxy,
} from '@lifeosai/agent-api';
import { type AuthService, createAuthService, type MailMessage } from '@lifeosai/auth';
import { createTelegramChannel } from '@lifeosai/channel-telegram';
import { createWhatsAppChannel } from '@lifeosai/channel-whatsapp';
import { type OAuthProviderConfig, resolveOAuthProviders } from '@lifeosai/config';
import type { DatabaseTarget, DialectName } from '@lifeosai/db';
import type { FileStorage } from '@lifeosai/files';
import { piHarness } from '@lifeosai/harness-pi';
import type { Harness } from '@lifeosai/harness-spec';
import { CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import { createLogger } from '@lifeosai/logger';
import { createOAuthConnections } from '@lifeosai/oauth-connections';
import {
  createSecretStore,
  generateVapidKeys,
  Redactor,
  SecretCipher,
  serviceToken,
} from '@lifeosai/secrets';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { type FakeStripe, startFakeStripe } from '@lifeosai/testkit/fake-stripe';
import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { createFakeWhatsApp, type FakeWhatsApp } from '@lifeosai/testkit/fake-whatsapp';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createGateway, type Gateway } from '../gateway.ts';
import { testBillingPlans, testStripePrices, testStripeSecretKey } from './billing-plans.ts';
import { type JsonBody, TestClient } from './test-client.ts';

/** The browser's origin in tests: nothing listens there; the auth service and CORS trust it. */
export const webOrigin = 'http://127.0.0.1:3999';

/** The platform service secret the stack's services share. */
export const testServiceSecret = 'gateway-test-service-secret-0123456789-abcdefgh';

/**
 * What the web server adds to a browser's request: the gateway's service token and the
 * browser's address (`address`), which the gateway then believes.
 */
export function webTierHeaders(address: string, secret = testServiceSecret): Record<string, string> {
  return { [SERVICE_TOKEN_HEADER]: serviceToken(secret, 'user-management'), [CLIENT_IP_HEADER]: address };
}

export interface TestStackOptions {
  maxUploadBytes?: number;
  /** The gateway's file storage instead of the local folder `filesRoot` (e.g. Cloud Storage on the fake). */
  fileStorage?: FileStorage;
  orgQuotaBytes?: number;
  identityCacheMs?: number;
  /** The gateway's `trustProxy` (a load balancer's address), to test the `x-forwarded-for` it sets. */
  trustProxy?: string[];
  /** The auth service's mail: captured (default, see `mail`) or, with `'outbox'`, local mode's outbox. */
  mail?: 'captured' | 'outbox';
  /** The auth service's sign-in/sign-up limit (default: practically none). */
  signInRateLimit?: { window: number; max: number };
  /** Config `allowImpersonation` for the auth service and the gateway (default off). */
  allowImpersonation?: boolean;
  /** `LIFEOSAI_PUBLIC_URL` as the Agent API's channel routes see it (a Telegram webhook needs https). */
  publicUrl?: string;
  /**
   * Where the gateway sends Agent API traffic instead of the stack's Agent API: a stand-in that
   * records what reaches it (the stack's Agent API still verifies identities for the others).
   */
  agentApiUrl?: string;
  /** The gateway's plugin settings: the npm registry (a fake one) and the archive size limit. */
  plugins?: { npmRegistry: string; maxArchiveBytes?: number };
  /** Billing on, against a fake Stripe (`stripe`) with the plans of `billing-plans.ts`. */
  billing?: boolean;
  /** `oauthProviders` of config.json for the gateway and the Agent API, and where their `env:` client secrets are. */
  oauth?: { providers: Record<string, OAuthProviderConfig>; env: Record<string, string> };
}

/** A signed-in user: a browser-like client of the gateway, and who the platform says it is. */
export interface TestUser {
  client: TestClient;
  userId: string;
  email: string;
  /** The user's personal organization (its owner). */
  personalOrgId: string;
}

/**
 * The whole path a request takes, real at every step: the gateway, the real auth service
 * (better-auth) and the real Agent API (with the Pi harness talking to the fake LLM), on one
 * fresh database. Every log line of the three services is captured in `logLines`.
 */
export interface TestStack {
  dialect: DialectName;
  gatewayUrl: string;
  agentApiUrl: string;
  authUrl: string;
  gateway: Gateway;
  auth: AuthService;
  agentApp: FastifyInstance;
  orchestrator: Orchestrator;
  fake: FakeLlm;
  /** The fake Telegram Bot API the channel runtime's Telegram driver talks to. */
  telegram: FakeTelegram;
  /** The fake WhatsApp socket the channel runtime's WhatsApp driver gets. */
  whatsapp: FakeWhatsApp;
  /** The fake Stripe the gateway's billing talks to (with `billing: true`); its webhooks reach the gateway. */
  stripe: FakeStripe | undefined;
  database: TestDatabase;
  filesRoot: string;
  /** Every JSON log line written by the gateway, the auth service and the Agent API. */
  logLines: string[];
  /** Every message the auth service sent (empty with `mail: 'outbox'`). */
  mail: MailMessage[];
  /** Headers of every request that reached the Agent API, in arrival order. */
  upstreamRequests: { method: string; url: string; headers: Record<string, unknown> }[];
  /** Agent API responses still open (streams a client has not left yet). */
  openUpstreamResponses(): number;
  /** A fresh client (no cookie) of the gateway. */
  client(): TestClient;
  /** Signs a new account up through the gateway (as the web server would, from an address of its own). */
  signUp(name: string): Promise<TestUser>;
  /** Makes `user` a member of `owner`'s personal organization with `role`, and switches it there. */
  join(owner: TestUser, user: TestUser, role: 'admin' | 'member'): Promise<{ memberId: string }>;
  /** Polls a run through the gateway until it is terminal. */
  waitForRun(client: TestClient, runId: string): Promise<JsonBody>;
  close(): Promise<void>;
}

export async function startTestStack(
  dialect: DialectName,
  options: TestStackOptions = {},
): Promise<TestStack> {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    const home = mkdtempSync(join(tmpdir(), 'lifeosai-gateway-'));
    cleanup.push(() => rmSync(home, { recursive: true, force: true }));
    const logLines: string[] = [];
    const redactor = new Redactor();
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = (service: string) =>
      createLogger({ service, level: 'debug', redactor, destination: destination as never });

    const fake = await startFakeLlm();
    cleanup.push(() => fake.close());
    const telegram = await startFakeTelegram();
    cleanup.push(() => telegram.close());
    const whatsapp = createFakeWhatsApp();
    const database = await openTestDatabase(dialect);
    cleanup.push(() => database.cleanup());
    const target: DatabaseTarget =
      dialect === 'sqlite' ? { dialect, path: database.location } : { dialect, url: database.location };

    const mail: MailMessage[] = [];
    const auth = await createAuthService({
      database: target,
      baseUrl: webOrigin,
      secret: 'gateway-test-secret-0123456789-abcdefghijklmnop',
      serviceSecret: testServiceSecret,
      rateLimit: options.signInRateLimit ?? { window: 60, max: 10_000 },
      ...(options.mail !== 'outbox' && { mailer: { send: async (message) => void mail.push(message) } }),
      allowImpersonation: options.allowImpersonation,
      logger: logger('auth'),
    });
    cleanup.push(() => auth.close());
    const authUrl = await auth.app.listen({ host: '127.0.0.1', port: 0 });

    const bus =
      dialect === 'postgres'
        ? await createPostgresEventBus({ url: database.location })
        : createInProcessEventBus();
    cleanup.push(() => bus.close());
    const harnesses = new Map([[piHarness.id, piHarness as Harness<unknown>]]);
    let agentApiUrl = '';
    // As in the service: once the app listens, runs' platform requests are served in process.
    const platform = servedPlatform();
    // Runs reach the fake through the Agent API's LLM proxy, keyed from this environment.
    const cipher = new SecretCipher(randomBytes(32));
    const secrets = createSecretStore({ db: database.db, cipher, redactor });
    // As in production, the gateway and the Agent API share the platform key (and so the connections).
    const oauthProviders = resolveOAuthProviders(options.oauth?.providers ?? {});
    const oauthConnections = createOAuthConnections({
      db: database.db,
      cipher,
      redactor,
      providers: oauthProviders,
      env: options.oauth?.env ?? {},
    });
    const llm = wireLlmProxy({
      db: database.db,
      harnesses,
      secrets,
      masterKey: randomBytes(32),
      env: {
        ANTHROPIC_API_KEY: 'sk-fake-anthropic-000000',
        ANTHROPIC_BASE_URL: fake.url,
        OPENAI_API_KEY: 'sk-fake-openai-000000',
        OPENAI_BASE_URL: fake.openAiBaseUrl,
      },
      defaultBaseUrls: { anthropic: fake.url, openai: fake.openAiBaseUrl, google: fake.url },
    });
    cleanup.push(() => llm.llmProxy.close());
    const orchestrator = createOrchestrator({
      db: database.db,
      dialect,
      bus,
      harnesses,
      home,
      instanceId: 'gateway-test',
      stallTimeoutMs: 30_000,
      leaseMs: 5_000,
      pollMs: 100,
      heartbeatTickMs: 0,
      ...llm.executor,
      ...(oauthProviders.length > 0 && {
        connectionToken: (orgId: string, id: string) => oauthConnections.freshAccessToken(orgId, id),
      }),
      platformToolsFor: () => [],
      // As main.ts: the run's own way back to the Agent API.
      runEnvironment: async (run, origin) => ({
        LIFEOSAI_API_URL: `${origin}/api/agent`,
        LIFEOSAI_AGENT_TOKEN: await llm.runTokens.mint(run, run.timeoutSec + 60),
      }),
      // Runs reach models only through the LLM proxy: the fake LLM is not reachable from a sandbox.
      sandboxes: await testRunSandboxes([], platform),
      ...runHooks(() => [channels]),
    });
    llm.connect(orchestrator);
    // The real channel runtime and drivers, with the networks faked at their edge.
    const channels: ChannelRuntimeService = createChannelRuntime({
      db: database.db,
      dialect,
      bus,
      orchestrator,
      drivers: channelDrivers([
        createTelegramChannel({ apiRoot: telegram.apiRoot, pollTimeoutSeconds: 1 }),
        createWhatsAppChannel({ socketFactory: whatsapp.factory }),
      ]),
      revealSecret: (orgId, name) => secrets.reveal(orgId, name),
      cipher,
      home,
      instanceId: 'gateway-test',
      ...(options.publicUrl && { publicUrl: options.publicUrl }),
      log: logger('channels'),
      leaseMs: 2_000,
      tickMs: 200,
    });
    // The Agent API verifies tokens against the gateway's JWKS, fetched over HTTP as in production.
    let verify: IdentityVerifier = async () => {
      throw new Error('gateway not started');
    };
    const agentApp = await buildApp({
      db: database.db,
      secrets,
      ...(options.publicUrl && { publicUrl: options.publicUrl }),
      verifyIdentity: (authorization) => verify(authorization),
      bus,
      harnesses,
      orchestrator,
      home,
      llmProxy: llm.llmProxy,
      runTokens: llm.runTokens,
      credentialsFor: llm.credentials.forOrganization,
      logger: logger('agent-api') as FastifyBaseLogger,
      version: 'test',
      sseKeepAliveMs: 1000,
      // Push devices can be registered (nothing is sent: the routes are what the gateway tests reach).
      vapidPublicKey: generateVapidKeys().publicKey,
      channels,
    });
    cleanup.push(() => orchestrator.stop());
    cleanup.push(() => channels.stop());
    cleanup.push(() => agentApp.close());
    const upstreamRequests: TestStack['upstreamRequests'] = [];
    const openResponses = new Set<unknown>();
    agentApp.addHook('onRequest', async (request, reply) => {
      upstreamRequests.push({ method: request.method, url: request.url, headers: { ...request.headers } });
      openResponses.add(reply);
      reply.raw.once('close', () => openResponses.delete(reply));
    });
    orchestrator.start();
    channels.start();
    agentApiUrl = await agentApp.listen({ host: '127.0.0.1', port: 0 });
    platform.serve(agentApp, agentApiUrl);

    const filesRoot = join(home, 'files');
    const stripe = options.billing ? await startFakeStripe({ prices: testStripePrices }) : undefined;
    if (stripe) cleanup.push(() => stripe.close());
    const gateway = await createGateway({
      database,
      authUrl,
      agentApiUrl: options.agentApiUrl ?? agentApiUrl,
      webOrigin,
      serviceSecret: testServiceSecret,
      secrets: { cipher, redactor },
      oauth: { providers: oauthProviders, env: options.oauth?.env ?? {} },
      files: {
        root: filesRoot,
        ...(options.fileStorage && { storage: options.fileStorage }),
        maxUploadBytes: options.maxUploadBytes ?? 64 * 1024,
        orgQuotaBytes: options.orgQuotaBytes ?? 256 * 1024,
      },
      logger: logger('user-management') as FastifyBaseLogger,
      version: 'test',
      identityCacheMs: options.identityCacheMs,
      ...(dialect === 'postgres' && { databaseUrl: database.location }),
      trustProxy: options.trustProxy,
      allowImpersonation: options.allowImpersonation,
      plugins: options.plugins,
      billing: {
        plans: testBillingPlans,
        meterTickMs: 100,
        ...(stripe && {
          stripe: {
            secretKey: testStripeSecretKey,
            webhookSecret: stripe.webhookSecret,
            apiBase: { ...stripe.clientOptions(), protocol: 'http' as const },
          },
        }),
      },
    });
    cleanup.push(() => gateway.close());
    const gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    stripe?.setWebhook(`${gatewayUrl}/api/billing/stripe/webhook`);
    verify = createIdentityVerifier({
      jwksUrl: `${gatewayUrl}/internal/jwks`,
      serviceToken: serviceToken(testServiceSecret, 'user-management'),
    });

    const client = () => new TestClient(gatewayUrl, webOrigin);
    let accounts = 0;

    const signUp = async (name: string): Promise<TestUser> => {
      const user = client();
      const email = `${name.toLowerCase()}-${++accounts}-${randomBytes(3).toString('hex')}@example.test`;
      // Each account from its own address, as the web server reports it, so sign-ups never
      // spend the sign-in limits a test is about.
      const signedUp = await user.request('POST', '/api/auth/sign-up/email', {
        body: { name, email, password: 'correct horse battery' },
        headers: webTierHeaders(`198.18.${Math.floor(accounts / 256) % 256}.${accounts % 256}`),
      });
      if (signedUp.status !== 200) throw new Error(`sign-up failed: ${signedUp.status} ${signedUp.text}`);
      const me = await user.get('/api/me');
      if (me.status !== 200) throw new Error(`identity after sign-up failed: ${me.status} ${me.text}`);
      return { client: user, userId: me.json.userId, email, personalOrgId: me.json.orgId };
    };

    const joinOrganization = async (owner: TestUser, user: TestUser, role: 'admin' | 'member') => {
      const invited = await owner.client.post('/api/orgs/current/invitations', { email: user.email, role });
      if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${invited.text}`);
      const accepted = await user.client.post(`/api/orgs/invitations/${invited.json.id}/accept`);
      if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
      const switched = await user.client.post('/api/auth/organization/set-active', {
        organizationId: owner.personalOrgId,
      });
      if (switched.status !== 200) throw new Error(`set-active failed: ${switched.status} ${switched.text}`);
      const me = await user.client.get('/api/me');
      if (me.json.orgId !== owner.personalOrgId || me.json.role !== role) {
        throw new Error(`join did not take: ${me.text}`);
      }
      return { memberId: accepted.json.memberId as string };
    };

    return {
      dialect,
      gatewayUrl,
      agentApiUrl,
      authUrl,
      gateway,
      auth,
      agentApp,
      orchestrator,
      fake,
      telegram,
      whatsapp,
      stripe,
      database,
      filesRoot,
      logLines,
      mail,
      upstreamRequests,
      openUpstreamResponses: () => openResponses.size,
      client,
      signUp,
      join: joinOrganization,
      async waitForRun(user, runId) {
        for (let attempt = 0; attempt < 600; attempt++) {
          const { json } = await user.get(`/api/agent/runs/${runId}`);
          if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(json?.status)) return json;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`run ${runId} did not finish`);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
