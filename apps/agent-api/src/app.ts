import type { BillingOptions } from '@lifeosai/billing';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Harness, ProviderCredentials } from '@lifeosai/harness-spec';
import { contractServerOptions, installErrorHandling } from '@lifeosai/http-kit';
import { sandboxDiagnostic } from '@lifeosai/sandbox';
import type { SecretStore } from '@lifeosai/secrets';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ChannelRuntime } from './channels/channel-runtime.ts';
import { credentialsFromEnvironment } from './credentials/provider-credentials.ts';
import { createEnvironmentChecks } from './domain/environment-checks.ts';
import { type CallerLimits, defaultCallerLimits } from './domain/phone/callers.ts';
import type { EventBus } from './events/event-bus.ts';
import type { Identity, IdentityVerifier } from './http/identity.ts';
import { agentMayCall, type RunTokens } from './http/run-token.ts';
import type { LlmProxy } from './llm-proxy/llm-proxy.ts';
import type { Orchestrator } from './orchestration/orchestrator.ts';
import type { PhoneRuntime } from './phone/phone-runtime.ts';
import type { PushSender } from './push/push-sender.ts';
import { registerAgentRoutes } from './routes/agents.ts';
import { registerAttachmentRoutes } from './routes/attachments.ts';
import { registerCallRoutes } from './routes/calls.ts';
import { registerChannelWebhookRoute } from './routes/channel-webhook.ts';
import { registerChannelRoutes } from './routes/channels.ts';
import { registerHarnessEnvironmentRoutes } from './routes/harness-environment.ts';
import { registerInboxRoutes } from './routes/inbox.ts';
import { registerPermissionRoutes } from './routes/permissions.ts';
import { registerPhoneNumberRoutes } from './routes/phone-numbers.ts';
import { registerPushRoutes } from './routes/push.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerStreamRoutes } from './routes/stream.ts';
import { registerTwilioVoiceRoute } from './routes/twilio-voice.ts';
import { registerUsageRoutes } from './routes/usage.ts';
import type { AgentApiRole } from './settings.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every `/api/agent/*` request once the identity token is verified. */
    identity: Identity;
  }
}

/** Everything the HTTP layer needs; injected so tests run real parts wired their own way. */
export interface AgentApiDeps {
  db: Kysely<Database>;
  verifyIdentity: IdentityVerifier;
  bus: EventBus;
  /** Registered harnesses by id (`claude-code`, `pi`, …). */
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  orchestrator: Orchestrator;
  /** `$LIFEOSAI_HOME`: where agents' workspaces are (chat attachments are written there). */
  home: string;
  /** The organizations' stored secrets: a channel's bot token is stored there (never returned). */
  secrets?: SecretStore;
  /**
   * `LIFEOSAI_PUBLIC_URL`: where Telegram reaches the webhook route (HTTPS only), and the address
   * Twilio calls (its signatures cover it; the media stream's URL is built on it).
   */
  publicUrl?: string;
  /** `TWILIO_AUTH_TOKEN`: verifies Twilio's voice webhooks; without it every one is refused (403). */
  twilioAuthToken?: string;
  /**
   * The phone bridge (live voice sessions, Twilio media streams, browser calls): the voice webhook
   * prepares admitted calls with it, and its WebSocket endpoints are attached to this app's
   * server. Without it an admitted phone call hears that calls cannot be taken now.
   */
  phone?: PhoneRuntime;
  /** Tells an agent's owners that a new caller waits for approval (Web Push). */
  push?: Pick<PushSender, 'senderWaiting'>;
  /** Calls per caller per number in a window (default five in ten minutes). */
  phoneCallerLimits?: CallerLimits;
  logger?: FastifyBaseLogger;
  version: string;
  /** Per-run agent tokens; without it only gateway identity tokens are accepted. */
  runTokens?: RunTokens;
  /** SSE keep-alive comment period (ms). */
  sseKeepAliveMs?: number;
  /**
   * Provider credentials of an organization (organization settings → service environment,
   * `CredentialResolver.forOrganization`), for harness environment checks; without it they
   * see no credentials.
   */
  credentialsFor?: (orgId: string) => Promise<ProviderCredentials>;
  /** The LLM proxy, served at `/llm/<provider>/*` beside (never under) `/api/agent`. */
  llmProxy?: LlmProxy;
  /** The instance's VAPID public key for Web Push; without it push is off (`PUSH_NOT_CONFIGURED`). */
  vapidPublicKey?: string;
  /** The channel runtime (Telegram, WhatsApp connections); the channel routes call it. */
  channels?: ChannelRuntime;
  /** Billing and its plans (the orchestrator refuses runs); here: agent creation past the plan's limit. Default off. */
  billing?: BillingOptions;
  /**
   * What this instance serves (`LIFEOSAI_ROLE`; default `all`: everything). A `worker` serves
   * only what its own runs call back — the LLM proxy and the routes a run token reaches — and
   * `/healthz`; everything else, a gateway identity token included, is 404. Its runs reach it
   * on loopback (`platformOrigin`), so no public route, webhook or call socket lands there.
   */
  role?: AgentApiRole;
}

export async function buildApp(deps: AgentApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...contractServerOptions,
    loggerInstance: deps.logger,
    genReqId: () => crypto.randomUUID(),
  });
  installErrorHandling(app);
  app.decorateRequest('identity', undefined as unknown as Identity);
  const environmentChecks = createEnvironmentChecks({
    harnesses: deps.harnesses,
    // Without `credentialsFor` (benches), none: never this process's environment, which other
    // services hosted in the same process share (scripts/local-services.ts).
    credentialsFor: deps.credentialsFor ?? (async () => credentialsFromEnvironment({})),
    onError: (error, harness) => app.log.error({ err: error, harness }, 'a harness environment check threw'),
    platformDiagnostics: deps.orchestrator.sandbox.then((decision) => [sandboxDiagnostic(decision)]),
  });

  const role = deps.role ?? 'all';
  app.get('/healthz', async () => ({ status: 'ok', service: 'agent-api', version: deps.version, role }));
  await deps.llmProxy?.register(app);
  if (role !== 'worker') {
    registerChannelWebhookRoute(app, deps);
    await registerTwilioVoiceRoute(app, {
      ...deps,
      callerLimits: deps.phoneCallerLimits ?? defaultCallerLimits,
    });
    deps.phone?.attach(app.server);
  }

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.identity =
          role === 'worker' ? await identifyRun(deps, request) : await identify(deps, request);
      });
      registerAgentRoutes(api, deps);
      registerInboxRoutes(api, deps);
      registerAttachmentRoutes(api, deps);
      registerSessionRoutes(api, deps);
      registerRunRoutes(api, deps);
      registerStreamRoutes(api, deps);
      registerPermissionRoutes(api, deps);
      registerHarnessEnvironmentRoutes(api, environmentChecks);
      registerUsageRoutes(api, deps);
      registerPushRoutes(api, deps);
      registerChannelRoutes(api, deps);
      registerPhoneNumberRoutes(api, deps);
      registerCallRoutes(api, deps);
    },
    { prefix: '/api/agent' },
  );
  return app;
}

/**
 * The gateway's identity token first; failing that, a run's own agent token, which reaches
 * only the routes `agentMayCall` lists for its agent and run.
 */
async function identify(deps: AgentApiDeps, request: FastifyRequest): Promise<Identity> {
  try {
    return await deps.verifyIdentity(request.headers.authorization);
  } catch (error) {
    const identity = await runIdentity(deps, request);
    if (!identity) throw error;
    if (identity === 'elsewhere') {
      throw new PlatformError('FORBIDDEN', "An agent's run token reaches only its own agent, inbox and run.");
    }
    return identity;
  }
}

/** A worker's `/api/agent/*`: a running run's own agent token, on its own routes; else 404. */
async function identifyRun(deps: AgentApiDeps, request: FastifyRequest): Promise<Identity> {
  const identity = await runIdentity(deps, request);
  if (identity && identity !== 'elsewhere') return identity;
  throw new PlatformError('NOT_FOUND', 'A run worker serves no public route; call an API instance.');
}

/**
 * The identity of a valid agent token whose run is running (a finished run's token is
 * nothing, like any other); `elsewhere` when the route is not one `agentMayCall` allows it.
 */
async function runIdentity(
  deps: AgentApiDeps,
  request: FastifyRequest,
): Promise<Identity | 'elsewhere' | undefined> {
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const scope = bearer && deps.runTokens ? await deps.runTokens.verify(bearer, 'agent') : undefined;
  if (!scope) return undefined;
  const id = (request.params as { id?: string } | undefined)?.id;
  if (!agentMayCall(scope, request.method, request.routeOptions.url, id)) return 'elsewhere';
  return {
    userId: `agent:${scope.agentId}`,
    orgId: scope.orgId,
    role: 'member',
    agent: { agentId: scope.agentId, runId: scope.runId },
  };
}
