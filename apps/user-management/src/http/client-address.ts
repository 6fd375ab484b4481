import { attestedClientIp, CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The client's address, for the auth service's rate limits and the logs: the one the web
     * server vouches for (service token + `x-lifeosai-client-ip`), else Fastify's `request.ip`
     * (the socket, or `x-forwarded-for` from a proxy listed in `LIFEOSAI_TRUST_PROXY`).
     */
    clientIp: string;
  }
}

/**
 * Sets `request.clientIp` on every request. `ownToken` is this service's service token: only a
 * caller holding the service secret (the web server) can name another address than its own.
 */
export function resolveClientAddresses(app: FastifyInstance, ownToken: string): void {
  app.decorateRequest('clientIp', '');
  app.addHook('onRequest', async (request) => {
    request.clientIp = attestedClientIp(request.headers, ownToken) ?? request.ip;
  });
}

/**
 * What the gateway adds when it calls another service for a client: its word on the client's
 * address, with the receiver's service token to prove it is the gateway's word.
 */
export function serviceHeadersFor(clientIp: string, receiverToken: string): Record<string, string> {
  return { [SERVICE_TOKEN_HEADER]: receiverToken, [CLIENT_IP_HEADER]: clientIp };
}
