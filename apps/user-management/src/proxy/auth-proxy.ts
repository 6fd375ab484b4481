import type { FastifyReplyFromHooks } from '@fastify/reply-from';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serviceHeadersFor } from '../http/client-address.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import { forwardedHeaders, passBodiesThrough, proxiedMethods, upstreamFailed } from './forwarding.ts';

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
 * Error bodies are made to fit the contract: better-auth answers `{code, message}`; the client
 * gets `{error:{code, message}, code, message}` — the contract's shape, with better-auth's own
 * fields kept for its client library.
 */
export async function registerAuthProxy(scope: FastifyInstance, options: AuthProxyOptions): Promise<void> {
  passBodiesThrough(scope);
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
          if (reply.statusCode >= 400 && isReshapeable(reply.getHeader('content-type'))) {
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
  return /^\/api\/auth\/(sign-out|revoke|organization\/|admin\/|api-key\/|delete-user|change-password|reset-password)/.test(
    path,
  );
}

/**
 * Error bodies given the contract's shape: JSON, and plain text or none — better-auth's rate
 * limiter answers 429 with JSON text but no JSON type. Anything else (an HTML page) stays as is.
 */
function isReshapeable(contentType: unknown): boolean {
  if (contentType === undefined) return true;
  return typeof contentType === 'string' && /json|^text\/plain/i.test(contentType);
}

type ProxyReply = Parameters<NonNullable<FastifyReplyFromHooks['onResponse']>>[1];

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
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
  } catch {
    // Not JSON after all: described by status alone.
  }
  reply.removeHeader('content-length');
  reply.header('content-type', 'application/json; charset=utf-8');
  const existing = body.error as { code?: unknown; message?: unknown } | undefined;
  if (existing && typeof existing.code === 'string' && typeof existing.message === 'string') {
    reply.send(body);
    return;
  }
  const code =
    typeof body.code === 'string' && body.code
      ? body.code
      : reply.statusCode === 429
        ? 'RATE_LIMITED'
        : defaultCode(reply.statusCode);
  const message =
    typeof body.message === 'string' && body.message
      ? body.message
      : `The auth service answered ${reply.statusCode}.`;
  reply.send({ ...body, code, message, error: { code, message } });
}

function defaultCode(status: number): string {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  return status >= 500 ? 'AUTH_FAILED' : 'AUTH_REQUEST_REFUSED';
}
