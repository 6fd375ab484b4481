import type { IncomingMessage } from 'node:http';
import {
  CLIENT_IP_HEADER,
  type ProxyPolicy,
  resolveClientIp,
  SERVICE_TOKEN_HEADER,
  unmapIpv4,
} from '@lifeosai/http-kit/client-address';

export interface StampOptions {
  /** The gateway's service token (`serviceToken(secret, 'user-management')`). */
  gatewayToken: string;
  /** Proxies in front of the web server (`LIFEOSAI_TRUST_PROXY`) whose `x-forwarded-for` is believed. */
  proxies: ProxyPolicy;
}

/**
 * Runs on every request before Next.js sees it. Next's own server keeps a client-sent
 * `X-Forwarded-For` (it fills one in from the socket only when there is none), so a route
 * handler cannot tell a browser's address from a forged one; this server can. Whatever a
 * client sent as its address or as a service token is replaced: `x-forwarded-for` becomes the
 * address seen here (the socket's, or a configured proxy's word); the forwarded host, protocol
 * and port are kept only from a configured proxy (Next then takes them from the request itself);
 * and requests for `/api/*`,
 * which the route handler forwards to the gateway as they are, also carry that address in
 * `x-lifeosai-client-ip` with the gateway's service token, so the gateway believes it.
 */
export function stampClientAddress(request: IncomingMessage, options: StampOptions): void {
  const headers = request.headers;
  const clientIp = resolveClientIp(request.socket.remoteAddress, headers, options.proxies);
  delete headers[SERVICE_TOKEN_HEADER];
  delete headers[CLIENT_IP_HEADER];
  delete headers.forwarded;
  delete headers['x-real-ip'];
  if (!options.proxies.proxies.contains(unmapIpv4(request.socket.remoteAddress))) {
    delete headers['x-forwarded-host'];
    delete headers['x-forwarded-proto'];
    delete headers['x-forwarded-port'];
  }
  headers['x-forwarded-for'] = clientIp;
  const path = request.url ?? '';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/api?')) {
    headers[SERVICE_TOKEN_HEADER] = options.gatewayToken;
    headers[CLIENT_IP_HEADER] = clientIp;
  }
}
