import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BillingOptions } from '@lifeosai/billing';
import type { ChannelDriver, ChannelLog } from '@lifeosai/channel-spec';
import { createTelegramChannel } from '@lifeosai/channel-telegram';
import type { KnownProviderId } from '@lifeosai/config';
import type { DialectName } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import { EgressPolicy, parseAllowance } from '@lifeosai/sandbox';
import {
  createSecretStore,
  Redactor,
  SecretCipher,
  type SecretStore,
  type VapidKeys,
} from '@lifeosai/secrets';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { type ChannelRuntimeService, createChannelRuntime } from '../channels/create-channel-runtime.ts';
import { channelDrivers } from '../channels/drivers.ts';
import type { ChannelLimits } from '../channels/runtime-deps.ts';
import type { CallerLimits } from '../domain/phone/callers.ts';
import type { EventBus } from '../events/event-bus.ts';
import { createInProcessEventBus } from '../events/in-process-event-bus.ts';
import { createPostgresEventBus } from '../events/postgres-event-bus.ts';
import { builtInHarnesses } from '../harnesses.ts';
import { createIdentityVerifier, type Identity } from '../http/identity.ts';
import type { RunTokens } from '../http/run-token.ts';
import { createTestTokenIssuer, type TestTokenIssuer } from '../http/test-identity.ts';
import type { LlmProxy } from '../llm-proxy/llm-proxy.ts';
import { wireLlmProxy } from '../llm-proxy/wire-llm-proxy.ts';
import { runLifecycleLog } from '../orchestration/lifecycle-log.ts';
import { createOrchestrator, type Orchestrator } from '../orchestration/orchestrator.ts';
import { platformToolsFor } from '../orchestration/platform-tools.ts';
import { runHooks } from '../orchestration/run-hooks.ts';
import { servedPlatform } from '../orchestration/run-sandboxes.ts';
import { createPhoneRuntime, type PhoneRuntimeService } from '../phone/create-phone-runtime.ts';
import type { PhoneRuntime } from '../phone/phone-runtime.ts';
import type { PhoneLimits } from '../phone/runtime-deps.ts';
import { voiceProviders } from '../phone/voice-providers.ts';
import { createPushAudience } from '../push/push-audience.ts';
import { createPushSender, type PushSender } from '../push/push-sender.ts';
import type { AgentApiRole } from '../settings.ts';
import { testRunSandboxes } from './test-sandboxes.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests' assertions, not by types.
type JsonBody = any;

/**
 * A whole Agent API on a real database, with the real harnesses talking to the fake LLM
 * through the platform's LLM proxy.
 */
export interface TestPlatform {
  url: string;
  fake: FakeLlm;
  database: TestDatabase;
  /** `$LIFEOSAI_HOME`: agents' workspaces and harness state are under `agents/<id>/`. */
  home: string;
  /** The organizations' stored secrets (provider keys, MCP secrets). */
  secrets: SecretStore;
  /** The LLM proxy runs reach their models through (at `<url>/llm/<provider>`). */
  llmProxy: LlmProxy;
  orchestrator: Orchestrator;
  /** The push sender, when the platform was given VAPID keys. */
  push?: PushSender;
  tokens: TestTokenIssuer;
  /** The platform's run tokens, to act as a run's agent. */
  runTokens: RunTokens;
  /** JSON request as `identity` (default: alice, owner of org_a). */
  call(
    method: string,
    path: string,
    body?: unknown,
    identity?: Identity,
  ): Promise<{ status: number; body: JsonBody }>;
  /** Reads a run's SSE stream to its end; returns the events. */
  streamRun(runId: string, identity?: Identity): Promise<JsonBody[]>;
  /** Polls until the run is terminal. */
  waitForRun(runId: string, identity?: Identity): Promise<JsonBody>;
  /** The channel runtime (its drivers: `TestPlatformOptions.channelDrivers`). */
  channels: ChannelRuntimeService;
  /** The phone bridge (its sockets on `url`; Gemini Live at `TestPlatformOptions.geminiLiveBaseUrl`). */
  phone: PhoneRuntimeService;
  /** The run lifecycle lines the orchestrator logged (what a person reads in the terminal), oldest first. */
  lifecycleLines: Array<{ level: 'info' | 'warn'; msg: string } & Record<string, unknown>>;
  close(): Promise<void>;
}

export const alice: Identity = { userId: 'usr_alice', orgId: 'org_a', role: 'owner' };
export const mallory: Identity = { userId: 'usr_mallory', orgId: 'org_b', role: 'owner' };

/** The test key every provider gets from the default service environment. */
export const testProviderKey = 'sk-test-key-123456';

export interface TestPlatformOptions {
  stallTimeoutMs?: number;
  leaseMs?: number;
  /**
   * The service environment, the last credential source; default: `testProviderKey` and the
   * fake LLM for every provider.
   */
  env?: (fake: FakeLlm) => Record<string, string>;
  /** The providers' "public" base URLs; default the fake LLM, so no test ever leaves the machine. */
  defaultBaseUrls?: (fake: FakeLlm) => Partial<Record<KnownProviderId, string>>;
  /** The LLM proxy's request body limit (default its own, 32 MiB). */
  llmProxyMaxBodyBytes?: number;
  /**
   * What base URLs set by organizations and agents may reach. Default: loopback too, as an
   * operator allows local model servers (the tests' fakes live there).
   */
  egress?: EgressPolicy;
  /**
   * Host loopback ports a run's sandbox may reach (fixture servers such as an MCP server), as
   * an operator allows them with `LIFEOSAI_SANDBOX_ALLOW`. Default none: not even the fake LLM.
   */
  sandboxReachablePorts?: ReadonlyArray<number>;
  /** The registered harnesses; default the built-in ones (a test may add a variant of one). */
  harnesses?: (builtIn: ReadonlyMap<string, Harness<unknown>>) => ReadonlyMap<string, Harness<unknown>>;
  /** Web Push's keys: with them runs push to registered devices (endpoints on loopback allowed). */
  vapid?: VapidKeys;
  /** The push sender's retry waits (default short, for tests). */
  pushRetryDelaysMs?: readonly number[];
  /**
   * `LIFEOSAI_PUBLIC_URL` as the channel and phone routes see it (a Telegram webhook needs https;
   * Twilio's signatures cover it and the media stream's URL is built on it).
   */
  publicUrl?: string;
  /** `TWILIO_AUTH_TOKEN`: with it (and `publicUrl`) the voice webhook verifies Twilio's signatures. */
  twilioAuthToken?: string;
  /** Calls per caller per number in a window (default five in ten minutes). */
  phoneCallerLimits?: CallerLimits;
  /**
   * Channel drivers replacing the registered ones by type (the WhatsApp driver on a fake socket),
   * or added (a test's own network at the edge).
   */
  channelDrivers?: readonly ChannelDriver[];
  /** The Bot API root the Telegram driver reaches (a fake Bot API); its polls and backoff are short then. */
  telegramApiRoot?: string;
  /** The channel runtime's numbers (rate limits, retry waits); default short retry waits. */
  channelLimits?: Partial<ChannelLimits>;
  /** The channel leases' length (default 2 s, so a takeover test is quick). */
  channelLeaseMs?: number;
  /** This instance's id (default `test-instance`); two platforms on one database need two. */
  instanceId?: string;
  /** `$LIFEOSAI_HOME` shared with another instance (as a cloud deployment shares its volume); not removed by `close`. */
  home?: string;
  /** Use this database instead of a fresh one (two instances on one Postgres); not cleaned up by `close`. */
  database?: TestDatabase;
  /**
   * A stand-in for the phone bridge the app is given (the voice webhook's own tests record what
   * it prepares); default the real bridge (`TestPlatform.phone`).
   */
  phone?: PhoneRuntime;
  /** Where the phone bridge reaches Gemini Live (a fake Gemini Live server), as `GEMINI_LIVE_BASE_URL`. */
  geminiLiveBaseUrl?: string;
  /** The phone bridge's waits (default its own). */
  phoneLimits?: Partial<PhoneLimits>;
  /** Billing and its plans (default off: nothing limited). */
  billing?: BillingOptions;
  /** What the app serves (`LIFEOSAI_ROLE`; default `all`). The orchestrator runs whatever the role. */
  role?: AgentApiRole;
}

/** Channel connections and the phone bridge log to the test's output only when they warn or fail. */
const quietLog: ChannelLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};

/** One master key per test database, so two instances on one database read each other's secrets. */
const masterKeys = new WeakMap<TestDatabase, Buffer>();
function masterKeyOf(database: TestDatabase): Buffer {
  let key = masterKeys.get(database);
  if (!key) {
    key = randomBytes(32);
    masterKeys.set(database, key);
  }
  return key;
}

/** The default service environment of a test platform: every provider at the fake. */
export function fakeProviderEnvironment(fake: FakeLlm, key = testProviderKey): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: key,
    ANTHROPIC_BASE_URL: fake.url,
    OPENAI_API_KEY: key,
    OPENAI_BASE_URL: fake.openAiBaseUrl,
    GEMINI_API_KEY: key,
    GEMINI_BASE_URL: fake.url,
  };
}

export async function startTestPlatform(
  dialect: DialectName,
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const fake = await startFakeLlm();
  const database = options.database ?? (await openTestDatabase(dialect));
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'lifeosai-agent-api-'));
  const bus: EventBus =
    dialect === 'postgres'
      ? await createPostgresEventBus({ url: database.location })
      : createInProcessEventBus();
  const tokens = await createTestTokenIssuer();
  const harnesses = options.harnesses?.(builtInHarnesses()) ?? builtInHarnesses();
  let address = '';
  // As in the service: once the app listens, runs' platform requests are served in process.
  const platform = servedPlatform();
  // A shared database shares its master key too: each instance must read the other's secrets.
  const cipher = new SecretCipher(masterKeyOf(database));
  const secrets = createSecretStore({ db: database.db, cipher, redactor: new Redactor() });
  const { runTokens, credentials, llmProxy, executor, connect } = wireLlmProxy({
    db: database.db,
    harnesses,
    secrets,
    masterKey: masterKeyOf(database),
    env: options.env?.(fake) ?? fakeProviderEnvironment(fake),
    defaultBaseUrls: options.defaultBaseUrls?.(fake) ?? {
      anthropic: fake.url,
      openai: fake.openAiBaseUrl,
      google: fake.url,
    },
    ...(options.llmProxyMaxBodyBytes && { maxBodyBytes: options.llmProxyMaxBodyBytes }),
    egress: options.egress ?? new EgressPolicy([parseAllowance('127.0.0.0/8')!]),
  });
  const lifecycleLines: TestPlatform['lifecycleLines'] = [];
  const push =
    options.vapid &&
    createPushSender({
      db: database.db,
      vapid: { ...options.vapid, subject: 'mailto:tests@lifeosai.invalid' },
      audience: createPushAudience(database.db),
      egress: new EgressPolicy([parseAllowance('127.0.0.0/8')!]),
      log: { warn: () => undefined },
      retryDelaysMs: options.pushRetryDelaysMs ?? [20, 50],
    });
  const orchestrator = createOrchestrator({
    db: database.db,
    dialect,
    bus,
    harnesses,
    home,
    instanceId: options.instanceId ?? 'test-instance',
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
    leaseMs: options.leaseMs ?? 5_000,
    pollMs: 100,
    // Tests drive heartbeats with heartbeatTick and their own clock.
    heartbeatTickMs: 0,
    ...(options.billing && { billing: options.billing }),
    ...executor,
    platformToolsFor: (run, workspace) => [
      ...platformToolsFor(workspace),
      ...(channels?.toolsFor(run) ?? []),
    ],
    runEnvironment: async (run, platformOrigin) => ({
      LIFEOSAI_API_URL: `${platformOrigin}/api/agent`,
      LIFEOSAI_AGENT_TOKEN: await runTokens.mint(run, run.timeoutSec + 60),
    }),
    lifecycle: runLifecycleLog({
      info: (fields, msg) => lifecycleLines.push({ ...fields, level: 'info', msg }),
      warn: (fields, msg) => lifecycleLines.push({ ...fields, level: 'warn', msg }),
    }),
    // Runs reach models only through the LLM proxy: the fake LLM is not reachable from a sandbox.
    sandboxes: await testRunSandboxes(options.sandboxReachablePorts ?? [], platform),
    ...runHooks(() => [push, channels]),
  });
  connect(orchestrator);
  const channels: ChannelRuntimeService = createChannelRuntime({
    db: database.db,
    dialect,
    bus,
    orchestrator,
    drivers: channelDrivers([
      ...(options.telegramApiRoot
        ? [
            createTelegramChannel({
              apiRoot: options.telegramApiRoot,
              pollTimeoutSeconds: 1,
              backoff: { initialMs: 50, maxMs: 500 },
            }),
          ]
        : []),
      ...(options.channelDrivers ?? []),
    ]),
    revealSecret: (orgId, name) => secrets.reveal(orgId, name),
    cipher,
    home,
    instanceId: options.instanceId ?? 'test-instance',
    ...(push && { push }),
    ...(options.publicUrl && { publicUrl: options.publicUrl }),
    log: quietLog,
    leaseMs: options.channelLeaseMs ?? 2_000,
    tickMs: 200,
    limits: { sendRetryDelaysMs: [50, 100, 200], ...options.channelLimits },
  });
  const verifyIdentity = createIdentityVerifier({ jwks: tokens.jwks });
  const phone = createPhoneRuntime({
    db: database.db,
    bus,
    orchestrator,
    providers: voiceProviders(),
    credentialsFor: credentials.forOrganization,
    // As GEMINI_BASE_URL would be without it: the fake LLM, so no test ever leaves the machine.
    voiceBaseUrls: { gemini: options.geminiLiveBaseUrl ?? fake.url },
    verifyIdentity,
    instanceId: options.instanceId ?? 'test-instance',
    log: quietLog,
    ...(options.phoneLimits && { limits: options.phoneLimits }),
  });
  const app: FastifyInstance = await buildApp({
    db: database.db,
    secrets,
    ...(options.publicUrl && { publicUrl: options.publicUrl }),
    ...(options.twilioAuthToken && { twilioAuthToken: options.twilioAuthToken }),
    ...(options.phoneCallerLimits && { phoneCallerLimits: options.phoneCallerLimits }),
    ...(push && { push }),
    verifyIdentity,
    bus,
    harnesses,
    orchestrator,
    home,
    runTokens,
    credentialsFor: credentials.forOrganization,
    llmProxy,
    version: 'test',
    sseKeepAliveMs: 1000,
    ...(options.vapid && { vapidPublicKey: options.vapid.publicKey }),
    channels,
    phone: options.phone ?? phone,
    ...(options.billing && { billing: options.billing }),
    ...(options.role && { role: options.role }),
  });
  orchestrator.start();
  channels.start();
  address = await app.listen({ host: '127.0.0.1', port: 0 });
  platform.serve(app, address);

  const call: TestPlatform['call'] = async (method, path, body, identity = alice) => {
    const response = await fetch(`${address}${path}`, {
      method,
      headers: {
        authorization: await tokens.authorization(identity),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    url: address,
    fake,
    database,
    home,
    secrets,
    llmProxy,
    orchestrator,
    ...(push && { push }),
    tokens,
    runTokens,
    call,
    lifecycleLines,
    channels,
    phone,
    async streamRun(runId, identity = alice) {
      const response = await fetch(`${address}/api/agent/runs/${runId}/stream`, {
        headers: { authorization: await tokens.authorization(identity) },
      });
      const text = await response.text();
      return text
        .split('\n\n')
        .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
        .filter((line): line is string => line !== undefined)
        .map((line) => JSON.parse(line.slice(6)));
    },
    async waitForRun(runId, identity = alice) {
      for (let attempt = 0; attempt < 600; attempt++) {
        const { body } = await call('GET', `/api/agent/runs/${runId}`, undefined, identity);
        if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(body.status)) return body;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`run ${runId} did not finish`);
    },
    async close() {
      await phone.stop();
      await app.close();
      await channels.stop();
      await orchestrator.stop();
      await push?.close();
      await llmProxy.close();
      await bus.close();
      await fake.close();
      if (!options.database) await database.cleanup();
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}
