import { roles } from '@lifeosai/identity/roles';
import { z } from 'zod';

/** `GET /api/me`: who is calling — the user, the organization the request acts in and the role there. */
export const meSchema = z.object({
  /** The account's id. */
  userId: z.string(),
  /** The account's email address. */
  email: z.string(),
  /** The display name; empty when the account has none. */
  name: z.string(),
  /** The organization the request acts in: the session's active one, or the API key's. */
  orgId: z.string(),
  /** The caller's role in that organization. */
  role: z.enum(roles),
  /** Admin of the whole instance (the first account, or anyone made admin later). */
  isInstanceAdmin: z.boolean(),
  /** How the caller proved it: a session cookie or an API key. */
  via: z.enum(['session', 'api-key']),
  /** The API key used, when `via` is `api-key`. */
  keyId: z.string().optional(),
});

export type Me = z.infer<typeof meSchema>;
