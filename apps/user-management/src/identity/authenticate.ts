import { PlatformError } from '@lifeosai/errors';
import { hasRole, type Role } from '@lifeosai/identity';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
export function credentialsOf(request: FastifyRequest): Credentials {
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
    const lookup = await identities.resolve(credentialsOf(request), String(request.id));
    if (lookup.status === 'anonymous') throw unauthenticated();
    if (lookup.status === 'no-organization') {
      throw new PlatformError(
        'NO_ACTIVE_ORGANIZATION',
        'You are signed in but not in an organization; accept an invitation or switch organization.',
      );
    }
    request.caller = lookup.identity;
  });
  scope.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config.minRole ?? 'member';
    if (!hasRole(request.caller.role, needed)) {
      throw forbidden(`This needs the ${needed} role in the organization; you are ${request.caller.role}.`);
    }
  });
}
