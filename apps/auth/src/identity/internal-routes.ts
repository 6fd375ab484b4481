import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { TrustedNetworks } from '../http/trusted-networks.ts';
import type { IdentityResolver } from './resolve-identity.ts';

export interface InternalRoutesOptions {
  resolveIdentity: IdentityResolver;
  /** Peers allowed to call `/internal/*` (the gateway): loopback unless configured. */
  trustedPeers: TrustedNetworks;
}

/**
 * Routes only the gateway calls. They are refused (403) to any peer outside the trusted
 * networks, whatever headers it sends; the gateway never proxies `/internal/*` either.
 *
 * `GET /internal/identity` — the client's `Cookie` or `Authorization: Bearer <api key>`
 * forwarded as is → 200 `Identity`, or 401 when neither authenticates.
 */
export async function registerInternalRoutes(app: FastifyInstance, options: InternalRoutesOptions) {
  await app.register(async (internal) => {
    internal.addHook('onRequest', async (request) => {
      if (!options.trustedPeers.contains(request.socket.remoteAddress)) {
        throw new PlatformError('FORBIDDEN', 'Internal routes answer only the gateway (loopback).', {
          status: 403,
        });
      }
    });

    internal.get('/internal/identity', async (request, reply) => {
      const identity = await options.resolveIdentity({
        cookie: request.headers.cookie,
        authorization: request.headers.authorization,
      });
      if (!identity) {
        throw new PlatformError(
          'UNAUTHENTICATED',
          'No valid session cookie or API key: sign in, or send Authorization: Bearer <api key>.',
          { status: 401 },
        );
      }
      reply.header('cache-control', 'no-store');
      return identity;
    });
  });
}
