import {
  attestedClientIp,
  CLIENT_IP_HEADER,
  defaultBodyLimit,
  type ProxyPolicy,
  resolveClientIp,
  SERVICE_TOKEN_HEADER,
} from '@lifeosai/http-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitedInContractShape } from '../rate-limit/rate-limited-response.ts';

export interface BetterAuthRoutesOptions {
  /** better-auth's fetch handler. */
  handler: (request: Request) => Promise<Response>;
  /** Public origin the browser uses; the Web Request gets this origin (better-auth builds links from it). */
  baseUrl: string;
  /** This service's own token: a client address (`x-lifeosai-client-ip`) next to it is the gateway's word. */
  serviceToken: string;
  /** Proxies in front of this service whose client-address headers are believed (default: none). */
  proxies: ProxyPolicy;
  /** Largest request body accepted (bytes). */
  bodyLimit?: number;
}

/** Never copied onto the Web Request: connection-level headers, recomputed or meaningless there. */
const hopByHopHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'host',
  'expect',
]);

/**
 * Mounts better-auth at `/api/auth/*`: each Fastify request becomes a Web `Request` (raw
 * body bytes, headers, the client address in `x-lifeosai-client-ip`), goes through
 * `auth.handler`, and the `Response` is written back as is — status, every header, and each
 * `Set-Cookie` as its own header line (joining them would break cookies whose `Expires`
 * contains a comma) — except a 429, which gets the contract's error shape.
 *
 * The client address better-auth's rate limits key on: the one the gateway vouches for with
 * the service token; else, from a configured proxy, its forwarding header; else the socket's.
 * The service token and every client-address header a caller sent are removed before
 * better-auth sees the request.
 */
export async function registerBetterAuthRoutes(app: FastifyInstance, options: BetterAuthRoutesOptions) {
  const ipHeaders = new Set(options.proxies.headers.map((name) => name.toLowerCase()));
  ipHeaders.add(CLIENT_IP_HEADER);
  ipHeaders.add(SERVICE_TOKEN_HEADER);

  await app.register(async (scope) => {
    // better-auth parses bodies itself: keep every body as raw bytes, whatever its type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: options.bodyLimit ?? defaultBodyLimit },
      (_, body, done) => done(null, body),
    );
    scope.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/api/auth/*',
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (value === undefined || hopByHopHeaders.has(name) || ipHeaders.has(name)) continue;
          if (Array.isArray(value)) for (const item of value) headers.append(name, item);
          else headers.set(name, value);
        }
        headers.set(
          CLIENT_IP_HEADER,
          attestedClientIp(request.headers, options.serviceToken) ??
            resolveClientIp(request.socket.remoteAddress, request.headers, options.proxies),
        );
        const body = request.body instanceof Buffer && request.body.length > 0 ? request.body : undefined;
        let response = await options.handler(
          new Request(new URL(request.url, options.baseUrl), { method: request.method, headers, body }),
        );
        if (response.status === 429) response = await rateLimitedInContractShape(response);

        reply.status(response.status);
        for (const [name, value] of response.headers) {
          if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
        }
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) reply.header('set-cookie', cookies);
        return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
      },
    });
  });
}
