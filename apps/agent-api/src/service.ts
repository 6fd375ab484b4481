/**
 * The Agent API service: `startAgentApiService(env)`. Reads the platform config,
 * migrates the database, starts the orchestrator and serves `/api/agent/*` on loopback
 * (or `LIFEOSAI_HOST`). `stop()` closes it in order: no new requests, runs cancelled
 * and their harness processes gone, connections closed.
 *
 * `LIFEOSAI_ROLE` splits it (cloud mode): an `api` instance serves HTTP, SSE and the phone
 * bridge's sockets and never executes a run (no claims, heartbeats, recovery or channel
 * leases); a `worker` claims and executes runs, holds channel connections and serves only
 * what its runs call back plus `/healthz`; `all` does both.
 */
import { hostname } from 'node:os';
import { databaseFileFor, logFormatOf, resolveOAuthProviders } from '@lifeosai/config';
import { newId, openDatabase } from '@lifeosai/db';
import { listenOnConfiguredPort, type RunningService, type ServiceEnvironment } from '@lifeosai/http-kit';
import { createLogger } from '@lifeosai/logger';
import { createOAuthConnections } from '@lifeosai/oauth-connections';
import { EgressPolicy, loadSandboxSettings, type SandboxProbe } from '@lifeosai/sandbox';
import { createSecretStore, loadMasterKey, Redactor, SecretCipher } from '@lifeosai/secrets';
import { buildApp } from './app.ts';
import { type ChannelRuntimeService, createChannelRuntime } from './channels/create-channel-runtime.ts';
import { channelDrivers } from './channels/drivers.ts';
import { createInProcessEventBus } from './events/in-process-event-bus.ts';
import { createPostgresEventBus } from './events/postgres-event-bus.ts';
import { builtInHarnesses } from './harnesses.ts';
import { createIdentityVerifier } from './http/identity.ts';
import { wireLlmProxy } from './llm-proxy/wire-llm-proxy.ts';
import { runLifecycleLog } from './orchestration/lifecycle-log.ts';
import { createOrchestrator } from './orchestration/orchestrator.ts';
import { platformToolsFor } from './orchestration/platform-tools.ts';
import { runHooks } from './orchestration/run-hooks.ts';
import { createRunSandboxes, servedPlatform, workersSandboxDecision } from './orchestration/run-sandboxes.ts';
import { createPhoneRuntime } from './phone/create-phone-runtime.ts';
import { voiceProviders } from './phone/voice-providers.ts';
import { createPushAudience } from './push/push-audience.ts';
import { createPushSender } from './push/push-sender.ts';
import { loadAgentApiSettings } from './settings.ts';

const version = '0.1.0';

/** What a host that starts this service with others already began for it (local mode). */
export interface AgentApiStartOptions {
  /** The bubblewrap probe of this environment's sandbox settings, started early. */
  sandboxProbe?: Promise<SandboxProbe>;
}

export async function startAgentApiService(
  env: ServiceEnvironment,
  options: AgentApiStartOptions = {},
): Promise<RunningService> {
  const settings = loadAgentApiSettings(env);
  const { config, role } = settings;
  const executesRuns = role !== 'api';
  const redactor = new Redactor();
  // The VAPID private key signs push requests only; should it ever reach a log line, it is masked.
  if (settings.vapid) redactor.add(settings.vapid.privateKey);
  // Twilio's auth token signs webhooks and would let anyone act as Twilio: masked the same way.
  if (settings.twilioAuthToken) redactor.add(settings.twilioAuthToken);
  const logger = createLogger({
    service: 'agent-api',
    level: config.logLevel,
    format: logFormatOf(config),
    redactor,
  });
  const database =
    config.mode === 'local'
      ? await openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
      : await openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
  // Leases get a connection of their own (see `OrchestratorOptions.leaseDb`), where runs execute.
  const leaseDatabase =
    database.dialect === 'postgres' && executesRuns
      ? await openDatabase(
          { dialect: 'postgres', url: config.databaseUrl!, maxConnections: 1 },
          { migrate: false },
        )
      : undefined;
  const bus =
    database.dialect === 'postgres'
      ? await createPostgresEventBus({ url: config.databaseUrl!, log: logger })
      : createInProcessEventBus({ log: logger });
  const harnesses = builtInHarnesses();
  const masterKey = await loadMasterKey({ mode: config.mode, home: config.home, env });
  // Served once the app listens: runs' platform requests are then handled in this process.
  const platform = servedPlatform(
    `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.ports.agentApi}`,
  );
  const sandboxSettings = loadSandboxSettings(env);
  const sandboxes = await createRunSandboxes({
    settings: sandboxSettings,
    platformMode: config.mode,
    platform,
    // An API instance executes no run: it needs no bubblewrap and probes none.
    ...(!executesRuns && { decision: workersSandboxDecision(sandboxSettings) }),
    ...(options.sandboxProbe && { probe: options.sandboxProbe }),
    onEgressRefused: (agentId, target, reason) =>
      logger.warn({ agentId, target, reason }, 'run egress refused'),
  }).catch(async (error: unknown) => {
    await Promise.all([bus.close(), database.close(), leaseDatabase?.close()]);
    throw error;
  });
  // Said when known: in local mode the service serves while bubblewrap is probed.
  void sandboxes.decision.then(({ warning }) => {
    if (warning) logger.warn({ fix: warning.fix }, `WARNING: ${warning.message}`);
  });
  const cipher = new SecretCipher(masterKey);
  const secrets = createSecretStore({ db: database.db, cipher, redactor });
  // Granted OAuth connections: each run gets fresh tokens (refreshed here when about to expire).
  const oauth = createOAuthConnections({
    db: database.db,
    cipher,
    redactor,
    providers: resolveOAuthProviders(config.oauthProviders),
    env,
  });
  const verifyIdentity = createIdentityVerifier(settings.identityKeys);
  const instanceId = settings.instanceId ?? `${hostname()}-${process.pid}-${newId('ins').slice(-6)}`;
  // The only holder of provider keys: the LLM proxy injects them; no run ever sees one.
  const { runTokens, credentials, llmProxy, executor, connect } = wireLlmProxy({
    db: database.db,
    harnesses,
    secrets,
    masterKey,
    env,
    // A base URL a user set reaches what a run's sandbox may reach, nothing more.
    egress: new EgressPolicy(sandboxSettings.allow),
  });
  // Push endpoints are user input: held to the same egress rule as a user-set base URL.
  const push = settings.vapid
    ? createPushSender({
        db: database.db,
        vapid: settings.vapid,
        audience: createPushAudience(database.db),
        egress: new EgressPolicy(sandboxSettings.allow),
        log: logger,
      })
    : undefined;
  if (!push)
    logger.warn('Push notifications are off: set LIFEOSAI_VAPID_PUBLIC_KEY and LIFEOSAI_VAPID_PRIVATE_KEY.');
  const billing = { enabled: settings.billingEnabled, plans: config.plans };
  if (billing.enabled) logger.info("Billing is on: the plans' limits refuse new runs and agents (402).");
  // Created after the orchestrator it wakes; the orchestrator's hooks reach it through this.
  let channels: ChannelRuntimeService | undefined;
  const orchestrator = createOrchestrator({
    db: database.db,
    ...(leaseDatabase && { leaseDb: leaseDatabase.db }),
    dialect: database.dialect,
    bus,
    harnesses,
    home: config.home,
    instanceId,
    maxConcurrentRuns: settings.maxConcurrentRuns,
    leaseMs: settings.leaseMs,
    stallTimeoutMs: settings.stallTimeoutMs,
    ...executor,
    platformToolsFor: (run, workspace) => [
      ...platformToolsFor(workspace),
      ...(channels?.toolsFor(run) ?? []),
    ],
    connectionToken: (orgId, id) => oauth.freshAccessToken(orgId, id),
    runEnvironment: async (run, origin) => ({
      LIFEOSAI_API_URL: `${origin}/api/agent`,
      LIFEOSAI_AGENT_TOKEN: await runTokens.mint(run, run.timeoutSec + 60),
    }),
    sandboxes,
    lifecycle: runLifecycleLog(logger),
    onError: (error, step) => logger.error({ err: error, step }, 'orchestrator step failed'),
    billing,
    ...runHooks(() => [push, channels]),
  });
  connect(orchestrator);
  channels = createChannelRuntime({
    db: database.db,
    dialect: database.dialect,
    bus,
    orchestrator,
    drivers: channelDrivers([], env),
    revealSecret: (orgId, name) => secrets.reveal(orgId, name),
    cipher,
    home: config.home,
    instanceId,
    ...(push && { push }),
    ...(settings.publicUrl && { publicUrl: settings.publicUrl }),
    log: logger,
    leaseMs: settings.leaseMs,
  });
  // Calls: sockets on this instance, the agent woken through the orchestrator like any door.
  // (A worker's app attaches none: call sockets are public.)
  const phone = createPhoneRuntime({
    db: database.db,
    bus,
    orchestrator,
    providers: voiceProviders(),
    credentialsFor: credentials.forOrganization,
    voiceBaseUrls: settings.voiceBaseUrls,
    verifyIdentity,
    instanceId,
    log: logger,
  });
  const app = await buildApp({
    db: database.db,
    secrets,
    ...(settings.publicUrl && { publicUrl: settings.publicUrl }),
    ...(settings.twilioAuthToken && { twilioAuthToken: settings.twilioAuthToken }),
    ...(push && { push }),
    verifyIdentity,
    bus,
    harnesses,
    orchestrator,
    home: config.home,
    runTokens,
    credentialsFor: credentials.forOrganization,
    // What runs call back: served where runs execute (their sandboxes reach this instance).
    ...(executesRuns && { llmProxy }),
    logger,
    version,
    ...(settings.vapid && { vapidPublicKey: settings.vapid.publicKey }),
    channels,
    phone,
    billing,
    role,
  });
  await listenOnConfiguredPort(app, {
    host: config.host,
    port: config.ports.agentApi,
    variable: 'LIFEOSAI_AGENT_API_PORT',
    configKey: 'agentApi',
  }).catch(async (error: unknown) => {
    await Promise.all([bus.close(), database.close(), leaseDatabase?.close(), llmProxy.close()]);
    throw error;
  });
  platform.serve(app);
  // Claim runs only once this instance can also serve their streams; an API instance never
  // claims, and never holds a channel connection's lease.
  if (executesRuns) {
    orchestrator.start();
    channels.start();
  }
  return {
    logger,
    async stop() {
      // Calls first: each caller is told the call ends, and their sockets would hold the server open.
      await phone.stop();
      // From here a run's platform request meets the closed listener (the egress answers 502).
      platform.withdraw();
      await app.close();
      // Connections first: their leases go back at once, and no reply is left half-written.
      await channels?.stop();
      await orchestrator.stop();
      await push?.close();
      await llmProxy.close();
      // A probe still under way removes its test sandbox before the process may exit.
      await sandboxes.decision;
      await bus.close();
      await database.close();
      await leaseDatabase?.close();
    },
  };
}
