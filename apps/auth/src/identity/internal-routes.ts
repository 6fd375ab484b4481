import { PlatformError } from '@lifeosai/errors';
import { requireServiceToken } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import type { IdentityResolver } from './resolve-identity.ts';

export interface InternalRoutesOptions {
  resolveIdentity: IdentityResolver;
  /** The token other services must present (`serviceToken(secret, 'auth')`). */
  serviceToken: string;
}

/**
 * Routes only the gateway calls. Without the service token they are refused (401
 * `SERVICE_CREDENTIAL_REQUIRED`) from any address, loopback included; the gateway never
 * proxies `/internal/*` either.
 *
 * `GET /internal/identity` — the client's `Cookie` or `Authorization: Bearer <api key>`
 * forwarded as is → 200 `Identity`, or 401 when neither authenticates.
 */
export async function registerInternalRoutes(app: FastifyInstance, options: InternalRoutesOptions) {
  await app.register(async (internal) => {
    internal.addHook('onRequest', requireServiceToken(options.serviceToken));

    internal.get('/internal/identity', async (request, reply) => {
      const identity = await options.resolveIdentity({
        cookie: request.headers.cookie,
        authorization: request.headers.authorization,
      });
      if (!identity) {
        throw new PlatformError(
          'UNAUTHENTICATED',
          'No valid session cookie or API key: sign in, or send Authorization: Bearer <api key>.',
        );
      }
      reply.header('cache-control', 'no-store');
      return identity;
    });
  });
}
