import { z } from 'zod';
import { idSchema, timestampSchema } from './fields.ts';

/** `GET /api/oauth/providers`: the providers configured here (`oauthProviders` in config.json). */
export const oauthProviderListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      scopes: z.array(z.string()),
      /** The environment variable a run gets the token in unless the agent names another. */
      env: z.string(),
    }),
  ),
});

/** `POST /api/oauth/:provider/connect`. */
export const oauthConnectBody = z
  .object({
    /** Same-origin path to return to after the provider (default `/settings/connections`). */
    returnTo: z
      .string()
      .max(500)
      .regex(/^\/(?![/\\])[^\s]*$/, 'expected a path on this site, like /settings/connections')
      .optional(),
    /** Scopes to ask for instead of the provider's configured ones. */
    scopes: z.array(z.string().min(1).max(200)).max(50).optional(),
  })
  .strict();
export type OAuthConnectBody = z.infer<typeof oauthConnectBody>;

/** `POST /api/oauth/:provider/connect` → where to send the browser (the provider's authorize URL). */
export const oauthConnectSchema = z.object({ url: z.string() });

export const oauthConnectionStatuses = ['active', 'revoked', 'error'] as const;

/** A connection as the API shows it: never a token. */
export const oauthConnectionSchema = z.object({
  id: idSchema,
  provider: z.string(),
  /** Who it is at the provider, when it said. */
  account: z.string().nullable(),
  scopes: z.array(z.string()),
  status: z.enum(oauthConnectionStatuses),
  /** Why it is in `error`, in words. */
  lastError: z.string().nullable(),
  /** When the access token expires (it is refreshed before). */
  expiresAt: timestampSchema.nullable(),
  /** Agents granted it. */
  agents: z.array(z.object({ id: idSchema, name: z.string() })),
  createdBy: z.string(),
  createdAt: timestampSchema,
});
export type OAuthConnectionView = z.infer<typeof oauthConnectionSchema>;
export const oauthConnectionListSchema = z.object({ items: z.array(oauthConnectionSchema) });
