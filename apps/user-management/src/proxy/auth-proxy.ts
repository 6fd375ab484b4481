import type { FastifyReplyFromHooks } from '@fastify/reply-from';
import { defaultBodyLimit, toContractError } from '@lifeosai/http-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serviceHeadersFor } from '../http/client-address.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import { passBodiesThrough } from './body-limit.ts';
import { forwardedHeaders, proxiedMethods, upstreamFailed } from './forwarding.ts';

export interface AuthProxyOptions {
  /** Auth service origin, e.g. `http://127.0.0.1:3002`. */
  authUrl: string;
  identities: CachedIdentityResolver;
  /** The auth service's service token: the client address the gateway names is believed with it. */
  authToken: string;
}

// Upstream error bodies are read to reshape them; they are small JSON, this is a generous cap.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * `/api/auth/*` → the auth service (better-auth), same path and query, cookies both ways, and
 * the client's address vouched for with the auth service's token (its rate limits key on it). A
 * request that may change who a session is (sign-out, organization changes, revocations, a
 * password reset, which ends every session of the account) empties the gateway's identity
 * cache, so the next request sees the change.
 *
 * Error bodies fit the contract: the auth service already answers `{error:{code, message}, code,
 * message}` (better-auth's own fields kept for its client library); whatever else comes back with
 * an error status (an older auth service, a proxy in between) is given that shape here.
 */
export async function registerAuthProxy(scope: FastifyInstance, options: AuthProxyOptions): Promise<void> {
  // The auth service's own limit (better-auth's routes take the shared default).
  passBodiesThrough(scope, defaultBodyLimit);
  const origin = new URL(options.authUrl).origin;
  const onError = upstreamFailed('auth service');
  scope.route({
    method: [...proxiedMethods],
    url: '/api/auth/*',
    handler: async (request, reply) => {
      const changing = changesIdentity(request);
      if (changing) options.identities.clear();
      return reply.from(`${origin}${request.url}`, {
        rewriteRequestHeaders: (_request, headers) => ({
          ...forwardedHeaders(request, headers),
          ...serviceHeadersFor(request.clientIp, options.authToken),
        }),
        onResponse: (_request, proxied, response) => {
          // Again once done: a lookup that raced the change may have cached the old answer.
          if (changing) options.identities.clear();
          if (reply.statusCode >= 400) {
            void sendContractError(proxied, response.stream);
          } else {
            proxied.send(response.stream);
          }
        },
        onError,
      });
    },
  });
}

function changesIdentity(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const path = request.url.split('?')[0]!;
  return /^\/api\/auth\/(sign-out|revoke|organization\/|admin\/|api-key\/|delete-user|update-user|change-password|reset-password)/.test(
    path,
  );
}

type ProxyReply = Parameters<NonNullable<FastifyReplyFromHooks['onResponse']>>[1];

/** The upstream's error answer, read (up to a cap) and sent in the contract's shape. */
async function sendContractError(reply: ProxyReply, stream: NodeJS.ReadableStream): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).byteLength;
      if (size > MAX_ERROR_BODY_BYTES) break;
      chunks.push(chunk as Buffer);
    }
  } catch {
    // A broken upstream body still gets a contract-shaped error below.
  }
  const text = Buffer.concat(chunks).toString('utf8');
  reply.removeHeader('content-length');
  reply.header('content-type', 'application/json; charset=utf-8');
  reply.send(toContractError(reply.statusCode, text) ?? text);
}
