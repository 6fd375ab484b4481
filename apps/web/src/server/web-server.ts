import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PlatformError } from '@lifeosai/errors';
import { contractServerOptions, isWellFormedUrl } from '@lifeosai/http-kit';
import { forwardUpgrade, refuseUpgrade, type UpgradeTunnel } from '@lifeosai/http-kit/upgrade-forward';

/** Next.js's request handler (`app.getRequestHandler()`). */
export type NextHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const badUrl = new PlatformError(
  'BAD_URL',
  'The address has a malformed %-escape (each % must start a UTF-8 byte like %C3%A9); fix the path or query.',
);

/** Next.js's upgrade handler (`app.getUpgradeHandler()`). */
export type NextUpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;

/** The methods the `/api` proxy route handles; Next answers any other with an empty 400. */
const apiMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/**
 * A bad address is answered here, before Next.js: Next turns one into a 400 it then cannot
 * render in an app-router-only build (a bare `500 Internal Server Error`). Under `/api` the
 * answer is the contract's JSON error, elsewhere a short page a person can read.
 */
function refuseBadUrl(request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  response.statusCode = 400;
  response.setHeader('x-content-type-options', 'nosniff');
  if (isApiPath(url)) {
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(badUrl.toBody()));
    return;
  }
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  response.end(
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>This address is not valid</title>' +
      `<h1>This address is not valid</h1><p>${badUrl.message}</p><p><a href="/">Go to the start page</a></p></html>`,
  );
}

/** A method the `/api` proxy does not forward: the contract's 405 (Next's own has no body). */
function refuseMethod(response: ServerResponse): void {
  response.statusCode = 405;
  response.setHeader('allow', [...apiMethods].join(', '));
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(
    JSON.stringify(
      new PlatformError(
        'METHOD_NOT_ALLOWED',
        `The API takes ${[...apiMethods].join(', ')}; use one of them.`,
      ).toBody(),
    ),
  );
}

/**
 * The web app's HTTP server around Next.js's handler. Next answers everything, except what
 * it would answer badly: an address whose %-escapes do not decode, a method the `/api` proxy
 * does not forward (both refused above), and requests Node refuses before any handler
 * (headers too large, not HTTP) — those get the contract's JSON error through the same
 * `clientError` handler as every other service.
 */
export function createWebServer(handle: NextHandler): Server {
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (!isWellFormedUrl(url)) return refuseBadUrl(request, response);
    if (isApiPath(url) && !apiMethods.has(request.method ?? '')) return refuseMethod(response);
    void handle(request, response);
  });
  server.on('clientError', contractServerOptions.clientErrorHandler);
  return server;
}

/** Where the web server's WebSocket upgrades go. */
export interface UpgradeRouter {
  /** The server's `upgrade` listener (call it after stamping the client address). */
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every open `/api` tunnel (the server stopping). */
  close(): void;
}

/**
 * WebSocket upgrades: Next's route handlers cannot upgrade, so `/api/*` ones (the browser call,
 * Twilio's media stream) are forwarded here, as they are, to the gateway — which authenticates
 * and routes them — and every other goes to Next's own upgrade handler.
 */
export function routeUpgrades(options: { gatewayOrigin: string; next: NextUpgradeHandler }): UpgradeRouter {
  const tunnels = new Set<UpgradeTunnel>();
  return {
    handle(request, socket, head) {
      if (!isApiPath(request.url ?? '/')) {
        void options.next(request, socket, head).finally(() => {
          // Next ends an upgrade on a path it serves and leaves any other open, for a WebSocket
          // server beside it to take; none is here, so one nobody reads gets a 404 and closes.
          if (!socket.destroyed && !socket.writableEnded && socket.listenerCount('data') === 0) {
            refuseUpgrade(socket, new PlatformError('NOT_FOUND', 'No WebSocket endpoint here.'));
          }
        });
        return;
      }
      const tunnel = forwardUpgrade(request, socket, head, {
        origin: options.gatewayOrigin,
        service: 'platform gateway',
      });
      tunnels.add(tunnel);
      void tunnel.closed.then(() => tunnels.delete(tunnel));
    },
    close() {
      for (const tunnel of tunnels) tunnel.destroy();
    },
  };
}
