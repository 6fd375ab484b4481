import { z } from 'zod';
import { oauthProvidersSchema } from './oauth-providers.ts';
import { plansSchema } from './plans.ts';

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole port number')
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535');

/**
 * The whole platform configuration. Every service reads the same shape; each uses the
 * parts it needs. Sources, later wins: defaults → `$LIFEOSAI_HOME/config.json` → environment.
 */
export const configSchema = z
  .object({
    /** `local`: SQLite and files under `home`; `cloud`: Postgres at `databaseUrl`. */
    mode: z.enum(['local', 'cloud'], { error: 'expected "local" or "cloud"' }).default('local'),
    /** Data directory (database, files, master key, harness state). */
    home: z.string().min(1, 'expected a directory path'),
    /** Postgres connection string; required in cloud mode, ignored in local mode. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
    /** Address every service binds to. Loopback by default: local mode never listens outside. */
    host: z.string().min(1).default('127.0.0.1'),
    ports: z
      .object({
        /** Next.js web app. */
        web: port.default(3000),
        /** User-management gateway (the routing hub). */
        userManagement: port.default(3001),
        /** Auth service. */
        auth: port.default(3002),
        /** Agent API. */
        agentApi: port.default(4000),
      })
      .default({ web: 3000, userManagement: 3001, auth: 3002, agentApi: 4000 }),
    /**
     * Whether the instance admin may sign in as another user (better-auth's impersonation).
     * Off unless the operator turns it on; when on, every start and stop is in the audit log.
     */
    allowImpersonation: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
        error: 'expected true or false',
      })
      .default(false),
    /** pino level for every service. */
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    /**
     * `pretty`: readable lines for a person at the terminal; `json`: one JSON object per line
     * for a log collector. Unset: `pretty` in local mode, `json` in cloud mode.
     */
    logFormat: z.enum(['pretty', 'json'], { error: 'expected "pretty" or "json"' }).optional(),
    /**
     * Plans organizations can be on (billing, only while STRIPE_SECRET_KEY is set); a `free`
     * plan with no limits is added when none is named `free`. See `planSchema`.
     */
    plans: plansSchema,
    /** The Stripe meter usage is reported to (its event name); values are in micro-US-dollars. */
    billingMeterEvent: z
      .string()
      .regex(/^[a-z0-9_]{1,100}$/, 'expected a meter event name like lifeosai_usage')
      .default('lifeosai_usage'),
    /** OAuth providers members may connect for their agents, by id. See `oauthProviderConfigSchema`. */
    oauthProviders: oauthProvidersSchema,
    /** The npm registry plugins are installed from (`{npm: "name@version"}`). */
    npmRegistry: z
      .url({ error: 'expected the registry URL, like https://registry.npmjs.org' })
      .default('https://registry.npmjs.org'),
  })
  .superRefine((config, context) => {
    if (config.mode === 'cloud' && !config.databaseUrl) {
      context.addIssue({
        code: 'custom',
        path: ['databaseUrl'],
        message: 'cloud mode needs a Postgres URL (set DATABASE_URL)',
      });
    }
  });

export type LifeosConfig = z.infer<typeof configSchema>;

/** How the services write log lines: as configured, else readable in local mode and JSON in cloud mode. */
export function logFormatOf(config: Pick<LifeosConfig, 'mode' | 'logFormat'>): 'pretty' | 'json' {
  return config.logFormat ?? (config.mode === 'local' ? 'pretty' : 'json');
}

/** Environment variable → config path. The error message names whichever the user set. */
export const environmentKeys = {
  LIFEOSAI_MODE: ['mode'],
  LIFEOSAI_HOME: ['home'],
  DATABASE_URL: ['databaseUrl'],
  LIFEOSAI_HOST: ['host'],
  LIFEOSAI_WEB_PORT: ['ports', 'web'],
  LIFEOSAI_USER_MANAGEMENT_PORT: ['ports', 'userManagement'],
  LIFEOSAI_AUTH_PORT: ['ports', 'auth'],
  LIFEOSAI_AGENT_API_PORT: ['ports', 'agentApi'],
  LOG_LEVEL: ['logLevel'],
  LOG_FORMAT: ['logFormat'],
  LIFEOSAI_ALLOW_IMPERSONATION: ['allowImpersonation'],
  LIFEOSAI_NPM_REGISTRY: ['npmRegistry'],
} as const satisfies Record<string, readonly string[]>;
