import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { twilioStreamPath } from '@lifeosai/api-contract';
import { PlatformError } from '@lifeosai/errors';
import { attestedClientIp, isWellFormedUrl, redactUrl, unmapIpv4 } from '@lifeosai/http-kit';
import { forwardUpgrade, refuseUpgrade, type UpgradeTunnel } from '@lifeosai/http-kit/upgrade-forward';
import type { FastifyInstance } from 'fastify';
import { forbidden } from '../http/errors.ts';
import { requestIdFrom } from '../http/request-id.ts';
import { credentialsOf, identify, requireRole } from '../identity/authenticate.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import type { InternalTokens } from '../tokens/internal-tokens.ts';
import { type ForwardingContext, forwardedHeaders, withoutClientCredentials } from './forwarding.ts';

/** The browser call, `/api/agent/agents/:id/call` (`callSocketPath` in api-contract). */
const callPath = /^\/api\/agent\/agents\/[^/]+\/call$/;

export interface UpgradeProxyOptions {
  /** Agent API origin, e.g. `http://127.0.0.1:4000`: it serves both WebSocket endpoints. */
  agentApiUrl: string;
  tokens: InternalTokens;
  identities: CachedIdentityResolver;
  /** The web app's origins: the only pages whose cookie may open a call. */
  webOrigins: ReadonlySet<string>;
  /** This service's service token: the web server's word on the client address is believed with it. */
  ownToken: string;
}

/**
 * WebSocket upgrades on the gateway's server (Fastify's routes and hooks never see them):
 * - `/api/agent/agents/:id/call` — authenticated exactly as `/api/agent/*` (session cookie or
 *   API key, member role), then forwarded with the same internal identity token an HTTP request
 *   gets. A handshake that carries a cookie must come from the web app's origin: a browser
 *   sends any site's WebSocket handshake with the user's cookies (cross-site WebSocket
 *   hijacking), and unlike `fetch` no CORS preflight stops it.
 * - `/api/phone/twilio/stream` — public (Twilio), forwarded without credentials; the Agent API
 *   binds it to its call by the one-time token in the stream's first messages.
 * - anything else — `404 NOT_FOUND`.
 * The client's credentials never reach the Agent API. Open tunnels end when the gateway closes.
 */
export function registerUpgradeProxy(app: FastifyInstance, options: UpgradeProxyOptions): void {
  const origin = new URL(options.agentApiUrl).origin;
  const tunnels = new Set<UpgradeTunnel>();
  app.addHook('preClose', async () => {
    for (const tunnel of tunnels) tunnel.destroy();
  });

  const forward = (
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    requestId: string,
    set: Record<string, string>,
  ) => {
    const context = contextOf(request, requestId, options.ownToken);
    const tunnel = forwardUpgrade(request, socket, head, {
      origin,
      service: 'Agent API',
      headers: withoutClientCredentials(forwardedHeaders(context, request.headers)),
      set,
      onUpstreamFailed: (error) =>
        app.log.warn({ err: error, upstream: 'Agent API', reqId: requestId }, 'upstream upgrade failed'),
    });
    tunnels.add(tunnel);
    const started = Date.now();
    app.log.info(
      { reqId: requestId, url: redactUrl(request.url ?? ''), clientIp: context.clientIp },
      'websocket forwarded',
    );
    void tunnel.closed.then(() => {
      tunnels.delete(tunnel);
      app.log.info({ reqId: requestId, durationMs: Date.now() - started }, 'websocket closed');
    });
  };

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgrade(request, socket, head).catch((error: unknown) => {
      if (error instanceof PlatformError) {
        app.log.info({ url: redactUrl(request.url ?? ''), code: error.code }, 'websocket refused');
      } else {
        app.log.error({ err: error }, 'upgrade failed');
      }
      refuseUpgrade(
        socket,
        error instanceof PlatformError
          ? error
          : new PlatformError('INTERNAL', 'The call could not be connected; retry shortly.'),
      );
    });
  });

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = request.url ?? '/';
    if (!isWellFormedUrl(url)) {
      throw new PlatformError('BAD_URL', 'The address has a malformed %-escape; fix the path or query.', {
        status: 400,
      });
    }
    const requestId = requestIdFrom(request);
    const path = url.split('?')[0]!;
    if (path === twilioStreamPath) return forward(request, socket, head, requestId, {});
    if (!callPath.test(path)) {
      throw new PlatformError(
        'NOT_FOUND',
        `No WebSocket endpoint at ${path}; calls use /api/agent/agents/:id/call.`,
      );
    }
    if (request.headers.cookie !== undefined) {
      const from = request.headers.origin;
      if (from === undefined || !options.webOrigins.has(from)) {
        throw forbidden(
          `A call opened with the session cookie must come from the LIFEOSAI web app, not ${from ?? 'a page that sends no Origin'}; use the web app, or an API key.`,
        );
      }
    }
    const caller = await identify(options.identities, credentialsOf(request), requestId);
    requireRole(caller, 'member');
    if (socket.destroyed) return;
    const token = await options.tokens.tokenFor(caller);
    forward(request, socket, head, requestId, { authorization: `Bearer ${token}` });
  }
}

/** What `forwardedHeaders` needs, for a request no Fastify hook has seen. */
function contextOf(request: IncomingMessage, requestId: string, ownToken: string): ForwardingContext {
  return {
    clientIp:
      attestedClientIp(request.headers, ownToken) ?? unmapIpv4(request.socket.remoteAddress) ?? 'unknown',
    protocol: 'encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http',
    id: requestId,
    headers: { host: request.headers.host },
  };
}
