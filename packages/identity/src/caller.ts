import type { Role } from './roles.ts';

/**
 * Who is calling the platform: a person, by session cookie or API key, acting in one
 * organization. The auth service resolves it (`GET /internal/identity`); the gateway authorizes
 * with it and vouches for it to the Agent API (as the internal token's subject).
 */
export interface CallerIdentity {
  userId: string;
  email: string;
  /** The display name; empty when the account has none. */
  name: string;
  /** The organization the request acts in: the session's active one, or the API key's. */
  orgId: string;
  /** The caller's role in that organization. */
  role: Role;
  /** The admin plugin's instance-wide admin (the first account, or anyone made admin later). */
  isInstanceAdmin: boolean;
  /** How the caller proved it. (The auth service's answer spells the key `api_key`.) */
  via: 'session' | 'api-key';
  /** The API key used, when `via` is `api-key`. */
  keyId?: string;
}
