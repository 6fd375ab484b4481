import { z } from 'zod';
import { nextCursorSchema, timestampSchema } from './fields.ts';
import { usageAmountsSchema, usageDaySchema } from './usage.ts';

/** One account of the instance (`GET /api/admin/users`). */
export const instanceUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  /** The display name; empty when the account has none. */
  name: z.string(),
  /** Whether the email address was confirmed. */
  emailVerified: z.boolean(),
  /** Admin of the whole instance (the same source as `/api/me`). */
  isInstanceAdmin: z.boolean(),
  /** When the account was created. */
  createdAt: timestampSchema.nullable(),
  /** How many organizations the user belongs to. */
  organizations: z.number().int().describe('Organizations the user is a member of.'),
  /** Disabled by the instance admin: cannot sign in; sessions and API keys refused. */
  disabled: z.boolean(),
});

/** `PATCH /api/admin/users/:id` (a JSON merge patch): disable or enable the account. */
export const adminUserPatchBody = z
  .object({
    /** True: sign-in, sessions and API keys stop working at once. False: enabled again. */
    disabled: z.boolean(),
  })
  .strict();

/** One organization of the instance (`GET /api/admin/orgs`). */
export const instanceOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Its URL slug, when it has one. */
  slug: z.string().nullable(),
  /** When it was created. */
  createdAt: timestampSchema.nullable(),
  /** How many members it has. */
  members: z.number().int(),
  /** Agents not deleted. */
  agents: z.number().int().describe('Agents not deleted.'),
  /** Runs ever started. */
  runs: z.number().int().describe('Runs ever started.'),
  /** All-time sum of its runs' cost, in US dollars. */
  costUsd: z.number().describe("All-time sum of its runs' cost, in US dollars."),
});

/** `GET /api/admin/users`: a page of accounts, newest first. */
export const instanceUserPageSchema = z.object({
  items: z.array(instanceUserSchema),
  nextCursor: nextCursorSchema,
});

/** `GET /api/admin/orgs`: a page of organizations, newest first. */
export const instanceOrganizationPageSchema = z.object({
  items: z.array(instanceOrganizationSchema),
  nextCursor: nextCursorSchema,
});

/** An account in the impersonation log; `email` and `name` are null once it is deleted. */
export const loggedAccountSchema = z.object({
  id: z.string(),
  /** Null once the account is deleted. */
  email: z.string().nullable(),
  /** Null once the account is deleted. */
  name: z.string().nullable(),
});

/** One start or end of an impersonation. */
export const impersonationSchema = z.object({
  /** The audit entry's id. */
  id: z.string(),
  /** Whether the impersonation started or stopped here. */
  event: z.enum(['started', 'stopped']),
  /** When. */
  at: timestampSchema.nullable(),
  /** The instance admin who impersonated. */
  admin: loggedAccountSchema,
  /** The user impersonated. */
  user: loggedAccountSchema,
  /** For `started`: when the session would lapse by itself. */
  expiresAt: timestampSchema.nullable(),
  /** For `stopped`: the auth route that ended it, e.g. `/admin/stop-impersonating`. */
  endedBy: z.string().nullable(),
});

/** `GET /api/admin/impersonations`: a page of the impersonation log, newest first. */
export const impersonationLogSchema = z.object({
  /** Whether the operator allowed impersonation (`LIFEOSAI_ALLOW_IMPERSONATION=true`). */
  enabled: z.boolean(),
  items: z.array(impersonationSchema),
  nextCursor: nextCursorSchema,
});

/** `GET /api/admin/usage`: the whole instance's runs, spend and tokens per UTC day, by organization. */
export const instanceUsageSchema = z.object({
  from: usageDaySchema.shape.date,
  to: usageDaySchema.shape.date,
  /** Every UTC day of the range, in order; days without runs are zeros. */
  days: z.array(usageDaySchema),
  totals: usageAmountsSchema,
  /** Organizations with runs in the range, most expensive first. */
  byOrg: z.array(
    z.object({
      orgId: z.string(),
      /** The id when the organization no longer exists. */
      name: z.string(),
      runs: z.number().int(),
      costUsd: z.number(),
    }),
  ),
});

/** A link the platform would have mailed (local mode without a mail server). */
export const outboxMailSchema = z.object({
  id: z.string(),
  /** `email-verification`, `password-reset` or `organization-invitation`. */
  kind: z.string().describe('`email-verification`, `password-reset` or `organization-invitation`.'),
  /** The address it was meant for. */
  to: z.string().describe('The address it was meant for.'),
  subject: z.string(),
  /** The action link. A credential until used or expired: hand it only to its recipient. */
  url: z
    .string()
    .describe('The action link. A credential until used or expired: hand it only to its recipient.'),
  /** When it was recorded. */
  sentAt: timestampSchema,
});

/** `GET /api/admin/outbox`: the kept messages, newest first. */
export const outboxSchema = z.object({ items: z.array(outboxMailSchema) });

export type OutboxMail = z.infer<typeof outboxMailSchema>;
export type InstanceUser = z.infer<typeof instanceUserSchema>;
export type InstanceOrganization = z.infer<typeof instanceOrganizationSchema>;
export type LoggedAccount = z.infer<typeof loggedAccountSchema>;
export type Impersonation = z.infer<typeof impersonationSchema>;
export type ImpersonationLog = z.infer<typeof impersonationLogSchema>;
export type InstanceUsage = z.infer<typeof instanceUsageSchema>;
