import { z } from 'zod';
import { type Role, roles } from './roles.ts';

/**
 * The internal identity token (docs/decisions/0003-internal-identity-token.md): user-management
 * mints it for every request it proxies; the Agent API verifies it and trusts nothing else.
 */

/** `iss`: only the gateway issues it. */
export const internalTokenIssuer = 'lifeosai-user-management';
/** `aud`: only the Agent API accepts it. */
export const internalTokenAudience = 'lifeosai-agent-api';
/** How long a minted token is valid, in seconds. */
export const internalTokenLifetimeSeconds = 60;
/** The oldest `iat` the Agent API accepts, whatever `exp` says (a bound on a leaked token). */
export const internalTokenMaxAge = '5m';

/** Whom the token speaks for. */
export interface InternalTokenSubject {
  /** The calling user (`sub`). */
  userId: string;
  /** The organization the request acts in (`org`). */
  orgId: string;
  /** The caller's role in that organization (`role`). */
  role: Role;
  /**
   * How the caller proved it (`via`): a person's session cookie (the web app) or an API key.
   * Runs record it as their trigger (`user` or `api`); absent counts as an API key.
   */
  via?: 'session' | 'api-key';
  /** The caller's display name (`name`), shown on what they start; absent when they have none. */
  name?: string;
}

/** Longest display name the token carries; a longer one is cut (the token stays small). */
export const internalTokenNameMax = 100;

const claimsSchema = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  role: z.enum(roles),
  via: z.enum(['session', 'api-key']).optional(),
  name: z.string().min(1).max(internalTokenNameMax).optional(),
});

/** The private claims to sign, besides `sub` (the user id) and the registered ones. */
export function internalTokenClaims(subject: InternalTokenSubject): {
  org: string;
  role: Role;
  via?: 'session' | 'api-key';
  name?: string;
} {
  const name = subject.name?.trim().slice(0, internalTokenNameMax);
  return {
    org: subject.orgId,
    role: subject.role,
    ...(subject.via && { via: subject.via }),
    ...(name && { name }),
  };
}

/**
 * The subject of a verified token's payload; undefined when it lacks a user, an organization
 * or a known role. Contract: call it only on a payload whose signature, issuer, audience and
 * age were checked; it checks the claims alone.
 */
export function parseInternalTokenClaims(payload: unknown): InternalTokenSubject | undefined {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return undefined;
  const { sub, org, role, via, name } = claims.data;
  return { userId: sub, orgId: org, role, ...(via && { via }), ...(name && { name }) };
}
