import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyReplyFromHooks } from '@fastify/reply-from';
import { PlatformError } from '@lifeosai/errors';
import { CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import type { FastifyRequest } from 'fastify';
import { bodyCutFor } from './body-limit.ts';

/** Methods the proxies forward (CORS preflights are answered here, by @fastify/cors). */
export const proxiedMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What a forwarded request says about its client: a Fastify request, or a WebSocket upgrade's equivalent. */
export type ForwardingContext = Pick<FastifyRequest, 'clientIp' | 'protocol' | 'id'> & {
  headers: Pick<IncomingHttpHeaders, 'host'>;
};

/**
 * Hop-by-hop and client-claimed forwarding headers are replaced: the upstream learns the
 * client address from the gateway alone, and the request id ties both services' log lines
 * together. The web server's service token and client address never travel further: a
 * proxy that needs to vouch adds its own (`serviceHeadersFor` in http/client-address.ts).
 */
export function forwardedHeaders(
  request: ForwardingContext,
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  const {
    forwarded: _forwarded,
    'x-real-ip': _realIp,
    [SERVICE_TOKEN_HEADER]: _serviceToken,
    [CLIENT_IP_HEADER]: _clientIp,
    ...rest
  } = headers;
  return {
    ...rest,
    'x-forwarded-for': request.clientIp,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.headers.host ?? '',
    'x-request-id': String(request.id),
  };
}

/**
 * The headers without the client's own credentials (cookie, `Authorization`, `x-api-key`,
 * `Proxy-Authorization`): an upstream never sees them, whatever else it is given.
 */
export function withoutClientCredentials(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const {
    authorization: _authorization,
    cookie: _cookie,
    'x-api-key': _apiKey,
    'proxy-authorization': _proxyAuthorization,
    ...rest
  } = headers;
  return rest;
}

/** reply-from's `onError`: an unreachable upstream is a 502 (a slow one 504) in the contract's shape. */
export function upstreamFailed(service: string): NonNullable<FastifyReplyFromHooks['onError']> {
  return (reply, { error }) => {
    const timedOut = (error as { statusCode?: number }).statusCode === 504;
    if (reply.sent || reply.raw.headersSent) return;
    const cut = bodyCutFor(reply.request.raw as IncomingMessage);
    if (cut) {
      reply.status(cut.status).send(cut.toBody());
      return;
    }
    reply.request.log.warn({ err: error, upstream: service }, 'upstream request failed');
    const body = new PlatformError(
      timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      timedOut
        ? `The ${service} took too long to answer; retry shortly.`
        : `The ${service} is not reachable; retry shortly (is it running?).`,
      { status: timedOut ? 504 : 502 },
    ).toBody();
    reply.status(timedOut ? 504 : 502).send(body);
  };
}
