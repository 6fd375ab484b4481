import { providerBaseUrlSchema, providerIds } from '@lifeosai/config';
import { isVisibleText, visibleName } from '@lifeosai/http-kit/visible-name';
import { parseSecretRef } from '@lifeosai/secrets/secret-ref';
import { Cron } from 'croner';
import { z } from 'zod';
import { agentVisibilitySchema } from './agent.ts';

/** True when croner (the heartbeat's scheduler) accepts the pattern. */
function isValidCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** True for an IANA time zone this runtime knows (`Europe/Paris`, `UTC`). */
function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A folder inside the agent's workspace: relative, no `..` step, no backslashes. */
const workspaceFolder = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !path.includes('\\') &&
      isVisibleText(path) &&
      path.split('/').every((step) => step !== '..'),
    'expected a folder inside the workspace, like skills/review (relative, no .., no control or invisible characters)',
  );

/** True for a valid `secret:NAME` reference. */
function isSecretRef(value: string): boolean {
  try {
    return parseSecretRef(value).source === 'secret';
  } catch {
    return false;
  }
}

/**
 * A value of an MCP server's `env` or `headers`: passed as given, or `secret:NAME` — an
 * organization secret, resolved when a run starts and handed to that run only (a missing one
 * fails the run at its start, naming it). `env:NAME` is refused: it would hand an agent, and
 * so whoever writes its prompt, the Agent API's own environment (its provider keys).
 */
const mcpValueSchema = z
  .string()
  .max(64 * 1024)
  .superRefine((value, context) => {
    if (value.startsWith('env:')) {
      context.addIssue({
        code: 'custom',
        message:
          "env: references are refused: they would give the agent the Agent API's own environment " +
          '(its provider keys); store the value as an organization secret and write secret:NAME',
      });
    } else if (value.startsWith('secret:') && !isSecretRef(value)) {
      context.addIssue({
        code: 'custom',
        message: 'expected secret:NAME, NAME being an organization secret (letters, digits, _ . -)',
      });
    }
  });

const mcpServerSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('stdio'),
      command: z.string().min(1),
      args: z.array(z.string()).default([]),
      /** The server's environment; `secret:NAME` values are resolved when a run starts. */
      env: z.record(z.string(), mcpValueSchema).default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal('http'),
      url: z.url(),
      /** Request headers; `secret:NAME` values are resolved when a run starts. */
      headers: z.record(z.string(), mcpValueSchema).default({}),
    })
    .strict(),
]);

/**
 * The agent's own settings for one provider: the first of the three credential sources
 * (agent → organization → service environment). Setting either field makes this agent's
 * calls to the provider use this source only: a base URL set here never receives the
 * organization's or the operator's key.
 */
const agentProviderSchema = z
  .object({
    /** Where this agent's calls go, in the provider SDK's convention (OpenAI-compatible with /v1). */
    baseUrl: providerBaseUrlSchema.optional(),
    /** The organization secret holding this agent's key (its name, as in `/api/models`). */
    apiKeySecret: z
      .string()
      .refine((name) => isSecretRef(`secret:${name}`), 'expected the name of an organization secret')
      .optional(),
  })
  .strict();

const permissionsSchema = z
  .object({
    mode: z.enum(['allow', 'ask', 'deny']).default('allow'),
    rules: z
      .array(
        z.object({ tool: visibleName({ max: 200 }), behavior: z.enum(['allow', 'ask', 'deny']) }).strict(),
      )
      .default([]),
    askTimeoutMs: z.number().int().min(1000).max(3_600_000).default(300_000),
  })
  .strict();

/**
 * The part of `adapterConfig` every harness shares; the platform validates and applies it.
 * The rest of `adapterConfig` belongs to the harness and is validated by its own schema.
 */
export const platformAdapterConfigSchema = z.object({
  mcpServers: z
    .record(z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, _ and - only'), mcpServerSchema)
    .optional(),
  /** Skill folders, relative to the agent's workspace. */
  skills: z.array(workspaceFolder).max(100).optional(),
  permissions: permissionsSchema.optional(),
  /** The agent's own provider settings, per provider id. */
  providers: z.partialRecord(z.enum(providerIds), agentProviderSchema).optional(),
  /**
   * Extra environment for the agent's processes: `NAME: "connection:ID"` puts a fresh access
   * token of a connection the agent is granted (`connections`) in `NAME` (without an entry a
   * granted connection's token is in its provider's variable, e.g. `GITHUB_TOKEN`). MCP servers'
   * `env` and `headers` take `connection:ID` too (a header may be `Bearer connection:ID`).
   */
  env: z
    .record(
      z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'expected an environment variable name like GITHUB_TOKEN'),
      z
        .string()
        .regex(
          /^connection:[^\s]{1,100}$/,
          'expected connection:ID, ID being a connection granted to the agent',
        ),
    )
    .optional(),
  /** Config the agent gives each plugin it enables, by plugin id; checked against the plugin's config schema. */
  pluginConfig: z.record(z.string().min(1).max(100), z.record(z.string(), z.unknown())).optional(),
});
export type PlatformAdapterConfig = z.infer<typeof platformAdapterConfigSchema>;
export const platformConfigKeys = [
  'mcpServers',
  'skills',
  'permissions',
  'providers',
  'env',
  'pluginConfig',
] as const;

const activeHoursSchema = z
  .object({
    /** `HH:MM` 24-hour local times; `end` before `start` spans midnight. */
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
    /** IANA time zone, e.g. `Europe/Paris`. */
    timezone: z
      .string()
      .refine(isKnownTimeZone, 'expected an IANA time zone such as Europe/Paris or UTC')
      .default('UTC'),
  })
  .strict();

export const heartbeatSchema = z
  .object({
    enabled: z.boolean(),
    intervalSec: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600)
      .optional(),
    cron: z
      .string()
      .min(1)
      .max(200)
      .refine(isValidCron, 'expected a cron pattern such as "0 9 * * 1-5" (minute hour day month weekday)')
      .optional(),
    activeHours: activeHoursSchema.optional(),
    /** Shell-free check the owner configured: a prompt that runs only when something is due. */
    prompt: z.string().max(10_000).optional(),
  })
  .strict()
  .refine(
    (heartbeat) => !heartbeat.enabled || heartbeat.intervalSec !== undefined || heartbeat.cron !== undefined,
    {
      message: 'an enabled heartbeat needs intervalSec or cron',
    },
  )
  .refine((heartbeat) => !(heartbeat.intervalSec !== undefined && heartbeat.cron !== undefined), {
    message: 'give intervalSec or cron, not both',
  });

const limitsSchema = z
  .object({
    maxConcurrentRuns: z.number().int().min(1).max(100).optional(),
    runTimeoutSec: z
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .optional(),
    monthlyBudgetUsd: z.number().min(0).nullable().optional(),
  })
  .strict();

export const createAgentSchema = z
  .object({
    name: visibleName({ max: 200 }),
    instructions: z.string().max(100_000).optional(),
    adapterType: z.string().min(1),
    adapterConfig: z.record(z.string(), z.unknown()).default({}),
    heartbeat: heartbeatSchema.nullable().optional(),
    limits: limitsSchema.optional(),
    /** Who reads its conversations: `private` (each member their own; the default) or `organization`. */
    visibility: agentVisibilitySchema.optional(),
    /** Ids of the organization's OAuth connections the agent may use (`GET /api/oauth/connections`). */
    connections: z.array(z.string().min(1).max(100)).max(50).optional(),
    /** Ids of the organization's plugins the agent enables (`GET /api/plugins`). */
    plugins: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();
export type CreateAgentInput = z.infer<typeof createAgentSchema>;
/** What a client sends to create an agent (`POST /api/agent/agents`): defaults may be left out. */
export type CreateAgentBody = z.input<typeof createAgentSchema>;
/** An agent's heartbeat as a client sends it (`CreateAgentBody.heartbeat`). */
export type HeartbeatBody = z.input<typeof heartbeatSchema>;

/**
 * An agent as a whole, the way `PATCH` sees it: a create's fields plus `status`. A patch is
 * merged into the stored agent (JSON merge patch) and the result must pass this schema, so a
 * patch cannot produce an agent a create would refuse.
 */
export const agentDocumentSchema = createAgentSchema
  .extend({ status: z.enum(['active', 'paused']) })
  .strict();
export type AgentDocument = z.infer<typeof agentDocumentSchema>;
