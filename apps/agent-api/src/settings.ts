import { type LifeosConfig, loadConfig } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import { loadServiceSecret, loadVapidKeys, serviceToken, type VapidKeys } from '@lifeosai/secrets';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { IdentityKeySource } from './http/identity.ts';

const agentApiSettingsSchema = z.object({
  /**
   * Where the gateway (user-management) publishes the keys that sign internal identity tokens;
   * fetched with the service token (`LIFEOSAI_SERVICE_SECRET` or `$LIFEOSAI_HOME/service-secret`).
   */
  LIFEOSAI_IDENTITY_JWKS_URL: z.url().optional(),
  /** Or the key set itself (JSON), when the keys are given in config rather than fetched. */
  LIFEOSAI_IDENTITY_JWKS: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as JSONWebKeySet;
      } catch {
        context.addIssue({ code: 'custom', message: 'expected a JSON Web Key Set ({"keys":[…]})' });
        return z.NEVER;
      }
    })
    .optional(),
  /** How long a run's lease lasts without renewal; a dead instance's runs are recovered after it. */
  LIFEOSAI_LEASE_MS: z.coerce.number().int().min(1000).default(15_000),
  /** Longest harness silence before a run is ended as stalled. */
  LIFEOSAI_STALL_TIMEOUT_MS: z.coerce.number().int().min(1000).default(180_000),
  /**
   * What this instance does: `api` serves HTTP (and the phone bridge's sockets) and never
   * executes a run; `worker` claims and executes runs (sandboxed) and holds channel pollers and
   * WhatsApp sockets, serving no public route; `all` (default, local mode) does both.
   */
  LIFEOSAI_ROLE: z.enum(['all', 'api', 'worker'], { error: 'expected all, api or worker' }).default('all'),
  /** Runs one instance executes at once. */
  LIFEOSAI_MAX_CONCURRENT_RUNS: z.coerce.number().int().min(1).max(1000).default(8),
  /** This instance's id in run leases (default: host + pid + random). */
  LIFEOSAI_INSTANCE_ID: z.string().min(1).optional(),
  /**
   * Who push services may contact about this instance's notifications (VAPID `sub`): a
   * `mailto:` address or an `https:` URL. Default: LIFEOSAI_PUBLIC_URL when it is HTTPS, else a
   * placeholder address (fine locally; some push services want a real contact).
   */
  LIFEOSAI_VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'expected mailto:you@example.com or an https:// URL')
    .optional(),
  /** The instance's public URL (as the auth service reads it). */
  LIFEOSAI_PUBLIC_URL: z.url().optional(),
  /** The Twilio account's auth token: verifies its voice webhooks (a platform secret, never logged). */
  TWILIO_AUTH_TOKEN: z.string().trim().min(1).optional(),
  /** Where the phone bridge reaches Gemini Live (tests, proxies); else `GEMINI_BASE_URL`, else Google's. */
  GEMINI_LIVE_BASE_URL: z.url().optional(),
  /**
   * The operator's Gemini base URL (the credential resolver reads it for the LLM proxy, as it
   * is); Gemini Live's when `GEMINI_LIVE_BASE_URL` is unset.
   */
  GEMINI_BASE_URL: z.string().min(1).optional(),
  /** Turns billing's limits on or off whatever STRIPE_SECRET_KEY says (default: on with the key). */
  LIFEOSAI_BILLING: z.enum(['on', 'off'], { error: 'expected on or off' }).optional(),
});

/** What one Agent API instance does (`LIFEOSAI_ROLE`). */
export type AgentApiRole = 'all' | 'api' | 'worker';

export interface AgentApiSettings {
  config: LifeosConfig;
  identityKeys: IdentityKeySource;
  /** `LIFEOSAI_ROLE`: `api`, `worker` or `all` (both). */
  role: AgentApiRole;
  leaseMs: number;
  stallTimeoutMs: number;
  maxConcurrentRuns: number;
  instanceId?: string;
  /** `LIFEOSAI_PUBLIC_URL`: where the platform is reachable from outside (channel and Twilio webhooks). */
  publicUrl?: string;
  /** `TWILIO_AUTH_TOKEN`: Twilio's voice webhooks are refused (403) without it. */
  twilioAuthToken?: string;
  /**
   * Web Push's VAPID pair and contact: `$LIFEOSAI_HOME/vapid.json` in local mode, the
   * LIFEOSAI_VAPID_* variables in cloud mode; absent there without them (push is off).
   */
  vapid?: VapidKeys & { subject: string };
  /**
   * Where the phone bridge reaches each realtime voice provider, by its id (`gemini`:
   * `GEMINI_LIVE_BASE_URL`, else `GEMINI_BASE_URL`); absent: the provider's default.
   */
  voiceBaseUrls: Partial<Record<string, string>>;
  /**
   * Billing is on: the plans' limits refuse new runs and agents (402). On when `STRIPE_SECRET_KEY`
   * is set (only its presence is read here, never its value), unless `LIFEOSAI_BILLING` says.
   */
  billingEnabled: boolean;
}

/** The platform config plus the Agent API's own settings; a bad value names its variable. */
export function loadAgentApiSettings(
  env: Record<string, string | undefined> = process.env,
): AgentApiSettings {
  const config = loadConfig({ env });
  const parsed = agentApiSettingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlatformError(
      'CONFIG_INVALID',
      `Invalid Agent API setting ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  if (parsed.data.LIFEOSAI_ROLE !== 'all' && config.mode !== 'cloud') {
    // Split roles share runs through Postgres and its LISTEN/NOTIFY bus; local mode has neither.
    throw new PlatformError(
      'CONFIG_INVALID',
      `Invalid Agent API setting LIFEOSAI_ROLE: ${parsed.data.LIFEOSAI_ROLE} needs cloud mode (LIFEOSAI_MODE=cloud with DATABASE_URL); local mode runs everything in one instance (all).`,
    );
  }
  return {
    config,
    identityKeys: parsed.data.LIFEOSAI_IDENTITY_JWKS
      ? { jwks: parsed.data.LIFEOSAI_IDENTITY_JWKS as JSONWebKeySet }
      : {
          jwksUrl:
            parsed.data.LIFEOSAI_IDENTITY_JWKS_URL ??
            `http://127.0.0.1:${config.ports.userManagement}/internal/jwks`,
          serviceToken: serviceToken(
            loadServiceSecret({ mode: config.mode, home: config.home, env }),
            'user-management',
          ),
        },
    role: parsed.data.LIFEOSAI_ROLE,
    leaseMs: parsed.data.LIFEOSAI_LEASE_MS,
    stallTimeoutMs: parsed.data.LIFEOSAI_STALL_TIMEOUT_MS,
    maxConcurrentRuns: parsed.data.LIFEOSAI_MAX_CONCURRENT_RUNS,
    ...(parsed.data.LIFEOSAI_INSTANCE_ID && { instanceId: parsed.data.LIFEOSAI_INSTANCE_ID }),
    ...(parsed.data.LIFEOSAI_PUBLIC_URL && { publicUrl: parsed.data.LIFEOSAI_PUBLIC_URL }),
    ...(parsed.data.TWILIO_AUTH_TOKEN && { twilioAuthToken: parsed.data.TWILIO_AUTH_TOKEN }),
    ...vapidSettings(config, parsed.data, env),
    voiceBaseUrls: voiceBaseUrls(parsed.data),
    billingEnabled:
      parsed.data.LIFEOSAI_BILLING === undefined
        ? Boolean(env.STRIPE_SECRET_KEY?.trim())
        : parsed.data.LIFEOSAI_BILLING === 'on',
  };
}

function voiceBaseUrls(values: z.infer<typeof agentApiSettingsSchema>): AgentApiSettings['voiceBaseUrls'] {
  const gemini = values.GEMINI_LIVE_BASE_URL ?? values.GEMINI_BASE_URL;
  return gemini ? { gemini } : {};
}

function vapidSettings(
  config: LifeosConfig,
  values: z.infer<typeof agentApiSettingsSchema>,
  env: Record<string, string | undefined>,
): Pick<AgentApiSettings, 'vapid'> {
  const keys = loadVapidKeys({ mode: config.mode, home: config.home, env });
  if (!keys) return {};
  const publicUrl = values.LIFEOSAI_PUBLIC_URL;
  const subject =
    values.LIFEOSAI_VAPID_SUBJECT ??
    (publicUrl?.startsWith('https://') ? new URL(publicUrl).origin : 'mailto:operator@lifeosai.invalid');
  return { vapid: { ...keys, subject } };
}
