import { type CallerIdentity, roles } from '@lifeosai/identity';
import { z } from 'zod';

/** Who is calling, as the auth service's `/internal/identity` reports it. */
export const identitySchema = z.object({
  userId: z.string().min(1),
  email: z.string(),
  name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  /** The active organization; every request is scoped to it. */
  orgId: z.string().min(1).nullish(),
  role: z.enum(roles).nullish(),
  isInstanceAdmin: z.boolean().default(false),
  /** How the caller proved it: a session cookie or an API key. */
  via: z.string().default('session'),
  /** The API key used, when `via` is the API key. */
  keyId: z.string().nullish(),
  /** When the credential expires by itself (ISO text; null: never). The cache keeps it no longer. */
  expiresAt: z.string().nullish(),
});

/** Who is calling: the platform's caller identity (`@lifeosai/identity`). */
export type Identity = CallerIdentity;
