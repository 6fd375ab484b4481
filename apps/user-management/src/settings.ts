import { filesRootFor, type LifeosConfig, loadConfig, webOrigins } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import type { FileStorageBackend } from '@lifeosai/files';
import { loadServiceSecret } from '@lifeosai/secrets';
import { z } from 'zod';
import { loadStripeSettings, type StripeSettings } from './billing/billing-settings.ts';

const bytes = z.coerce.number().int().min(1);
const origin = z.url().transform((value) => new URL(value).origin);
const commaList = z.string().transform((text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const gatewaySettingsSchema = z.object({
  /** Auth service origin (default: loopback, `ports.auth`). */
  LIFEOSAI_AUTH_URL: origin.optional(),
  /** Agent API origin (default: loopback, `ports.agentApi`). */
  LIFEOSAI_AGENT_API_URL: origin.optional(),
  /** The origin the browser uses (the web app); the same variable the auth service reads. */
  LIFEOSAI_PUBLIC_URL: origin.optional(),
  /** More browser origins allowed, comma-separated; the same variable the auth service reads. */
  LIFEOSAI_TRUSTED_ORIGINS: commaList.pipe(z.array(origin)).optional(),
  /** Largest single upload. */
  LIFEOSAI_MAX_UPLOAD_BYTES: bytes.default(100 * 1024 * 1024),
  /** Storage each organization may use. */
  LIFEOSAI_ORG_QUOTA_BYTES: bytes.default(5 * 1024 * 1024 * 1024),
  /**
   * Addresses/CIDRs of proxies in front of the gateway whose `x-forwarded-for` is believed
   * (default none). The web server needs no entry: it vouches with the service secret.
   */
  LIFEOSAI_TRUST_PROXY: commaList.optional(),
  /** Where uploads live: `local` (a folder) or `gcs` (a Cloud Storage bucket). */
  LIFEOSAI_FILES_BACKEND: z.enum(['local', 'gcs']).default('local'),
  /** The local backend's folder (default `$LIFEOSAI_HOME/files`; an NFS mount path in the cloud). */
  LIFEOSAI_FILES_DIR: z.string().min(1).optional(),
  /** The gcs backend's bucket (required with it). */
  LIFEOSAI_FILES_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'is not a Cloud Storage bucket name')
    .optional(),
  /** Another Cloud Storage JSON API endpoint (a fake or emulator; sent no credentials). */
  LIFEOSAI_GCS_API_ENDPOINT: origin.optional(),
  /** Longest a cached identity is reused (ms); revocations are pushed, this is a backstop; 0: no cache. */
  LIFEOSAI_IDENTITY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
});

export interface GatewaySettings {
  config: LifeosConfig;
  authUrl: string;
  agentApiUrl: string;
  /** The public URL's origin first: the gateway sends it as `Origin` on its calls to better-auth. */
  webOrigins: string[];
  /** The local backend's folder (`LIFEOSAI_FILES_DIR` or `$LIFEOSAI_HOME/files`). */
  filesRoot: string;
  /** Where uploads are stored (`LIFEOSAI_FILES_BACKEND`). */
  filesBackend: FileStorageBackend;
  maxUploadBytes: number;
  orgQuotaBytes: number;
  trustProxy: string[] | false;
  identityCacheMs: number;
  /** `LIFEOSAI_SERVICE_SECRET`, or local mode's `$LIFEOSAI_HOME/service-secret`. */
  serviceSecret: string;
  /** Billing with Stripe (`STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET`, `STRIPE_API_BASE`); undefined: off. */
  stripe: StripeSettings | undefined;
}

/** The platform config plus the gateway's own settings; a bad value names its variable. */
export function loadGatewaySettings(env: Record<string, string | undefined> = process.env): GatewaySettings {
  const config = loadConfig({ env });
  const parsed = gatewaySettingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlatformError(
      'CONFIG_INVALID',
      `Invalid user-management setting ${String(issue.path[0])}: ${issue.message}`,
    );
  }
  const settings = parsed.data;
  const { ports } = config;
  const filesRoot = filesRootFor(config, env);
  return {
    config,
    authUrl: settings.LIFEOSAI_AUTH_URL ?? `http://127.0.0.1:${ports.auth}`,
    agentApiUrl: settings.LIFEOSAI_AGENT_API_URL ?? `http://127.0.0.1:${ports.agentApi}`,
    webOrigins: webOrigins(ports.web, settings.LIFEOSAI_PUBLIC_URL, settings.LIFEOSAI_TRUSTED_ORIGINS),
    filesRoot,
    filesBackend: filesBackendOf(settings, filesRoot),
    maxUploadBytes: settings.LIFEOSAI_MAX_UPLOAD_BYTES,
    orgQuotaBytes: settings.LIFEOSAI_ORG_QUOTA_BYTES,
    trustProxy: settings.LIFEOSAI_TRUST_PROXY?.length ? settings.LIFEOSAI_TRUST_PROXY : false,
    identityCacheMs: settings.LIFEOSAI_IDENTITY_CACHE_MS,
    serviceSecret: loadServiceSecret({ mode: config.mode, home: config.home, env }),
    stripe: loadStripeSettings(env),
  };
}

function filesBackendOf(settings: z.infer<typeof gatewaySettingsSchema>, root: string): FileStorageBackend {
  if (settings.LIFEOSAI_FILES_BACKEND === 'local') return { kind: 'local', root };
  if (!settings.LIFEOSAI_FILES_BUCKET) {
    throw new PlatformError(
      'CONFIG_INVALID',
      'Invalid user-management setting LIFEOSAI_FILES_BUCKET: required with LIFEOSAI_FILES_BACKEND=gcs; set it to the bucket that holds the files.',
    );
  }
  return {
    kind: 'gcs',
    bucket: settings.LIFEOSAI_FILES_BUCKET,
    ...(settings.LIFEOSAI_GCS_API_ENDPOINT && { apiEndpoint: settings.LIFEOSAI_GCS_API_ENDPOINT }),
  };
}
