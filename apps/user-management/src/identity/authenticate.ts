import type { IncomingHttpHeaders } from 'node:http';
import { PlatformError } from '@lifeosai/errors';
import { hasRole, type Role } from '@lifeosai/identity';
import type { FastifyInstance } from 'fastify';
import { forbidden, unauthenticated } from '../http/errors.ts';
import type { Credentials } from './auth-client.ts';
import type { Identity } from './identity.ts';
import type { CachedIdentityResolver } from './identity-cache.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who is calling; set on every authenticated route before its handler runs. (Not named
     * `identity`: the Agent API's augmentation owns that name with another type.)
     */
    caller: Identity;
  }
  interface FastifyContextConfig {
    /** Lowest organization role allowed on the route (default `member`). */
    minRole?: Role;
  }
}

/** The credentials a request carries: its cookie and `Authorization` header, nothing else. */
export function credentialsOf(request: { headers: IncomingHttpHeaders }): Credentials {
  const { cookie, authorization } = request.headers;
  return {
    ...(cookie && { cookie }),
    ...(authorization && { authorization }),
  };
}

/**
 * Makes every route registered on `scope` private: the caller's identity is resolved through
 * the auth service (anonymous → 401) and its role checked against the route's `minRole`
 * (→ 403). The role check runs in `preValidation`, before any body is read.
 */
export function requireIdentity(scope: FastifyInstance, identities: CachedIdentityResolver): void {
  scope.addHook('onRequest', async (request) => {
    request.caller = await identify(identities, credentialsOf(request), String(request.id));
  });
  scope.addHook('onRequest', async (request) => {
    requireRole(request.caller, request.routeOptions.config.minRole ?? 'member');
  });
}

/**
 * Who `credentials` belong to, in an organization: anonymous → `401 UNAUTHENTICATED`, signed in
 * without one → `NO_ACTIVE_ORGANIZATION`, the auth service down → `503 AUTH_UNAVAILABLE`. What
 * `requireIdentity` runs, and the gateway's WebSocket upgrades too (they pass no Fastify hook).
 */
export async function identify(
  identities: CachedIdentityResolver,
  credentials: Credentials,
  requestId: string,
): Promise<Identity> {
  const lookup = await identities.resolve(credentials, requestId);
  if (lookup.status === 'anonymous') throw unauthenticated();
  if (lookup.status === 'no-organization') {
    throw new PlatformError(
      'NO_ACTIVE_ORGANIZATION',
      'You are signed in but not in an organization; accept an invitation or switch organization.',
    );
  }
  return lookup.identity;
}

/** `403 FORBIDDEN` unless `caller` has at least the `needed` role in its organization. */
export function requireRole(caller: Identity, needed: Role): void {
  if (!hasRole(caller.role, needed)) {
    throw forbidden(`This needs the ${needed} role in the organization; you are ${caller.role}.`);
  }
}
