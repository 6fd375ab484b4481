import { defaultBodyLimit } from '@lifeosai/http-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ClientIpPolicy, clientIpHeader, resolveClientIp } from './client-ip.ts';

export interface BetterAuthRoutesOptions {
  /** better-auth's fetch handler. */
  handler: (request: Request) => Promise<Response>;
  /** Public origin the browser uses; the Web Request gets this origin (better-auth builds links from it). */
  baseUrl: string;
  clientIp: ClientIpPolicy;
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
 * contains a comma).
 */
export async function registerBetterAuthRoutes(app: FastifyInstance, options: BetterAuthRoutesOptions) {
  const ipHeaders = new Set(options.clientIp.headers.map((name) => name.toLowerCase()));
  ipHeaders.add(clientIpHeader);

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
          clientIpHeader,
          resolveClientIp(request.socket.remoteAddress, request.headers, options.clientIp),
        );
        const body = request.body instanceof Buffer && request.body.length > 0 ? request.body : undefined;
        const response = await options.handler(
          new Request(new URL(request.url, options.baseUrl), { method: request.method, headers, body }),
        );

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
