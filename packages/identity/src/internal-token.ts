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
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  role: z.enum(roles),
});

/** The private claims to sign, besides `sub` (the user id) and the registered ones. */
export function internalTokenClaims(subject: InternalTokenSubject): { org: string; role: Role } {
  return { org: subject.orgId, role: subject.role };
}

/**
 * The subject of a verified token's payload; undefined when it lacks a user, an organization
 * or a known role. Contract: call it only on a payload whose signature, issuer, audience and
 * age were checked; it checks the claims alone.
 */
export function parseInternalTokenClaims(payload: unknown): InternalTokenSubject | undefined {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return undefined;
  return { userId: claims.data.sub, orgId: claims.data.org, role: claims.data.role };
}
