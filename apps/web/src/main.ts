/**
 * The web app's process: `node apps/web/src/main.ts` (what `npm start -w @lifeosai/web` and the
 * supervisor run) — Next.js's request handler behind a plain Node HTTP server, so every request
 * is stamped with the browser's real address before Next sees it (`server/stamp-client-address.ts`
 * says why `next start` cannot do this), and the few requests Next would answer badly (a
 * malformed address, a method the API does not take) get a proper answer (`server/web-server.ts`).
 * WebSocket upgrades on `/api/*` go to the gateway (Next's route handlers cannot upgrade).
 * Serves the built app (`next build`) on `ports.web`.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfig, logFormatOf } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import { trustedNetworks } from '@lifeosai/http-kit/client-address';
import { type RunningService, runService } from '@lifeosai/http-kit/service-lifecycle';
import { createLogger } from '@lifeosai/logger';
import { loadServiceSecret, serviceToken } from '@lifeosai/secrets';
import { gatewayOrigin } from './lib/gateway-origin.ts';
import { stampClientAddress } from './server/stamp-client-address.ts';
import { createWebServer, routeUpgrades } from './server/web-server.ts';

const webRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<RunningService> {
  const config = loadConfig();
  const logger = createLogger({ service: 'web', level: config.logLevel, format: logFormatOf(config) });
  const stamp = {
    gatewayToken: serviceToken(
      loadServiceSecret({ mode: config.mode, home: config.home, env: process.env }),
      'user-management',
    ),
    proxies: {
      headers: ['x-forwarded-for'],
      proxies: trustedNetworks(
        (process.env.LIFEOSAI_TRUST_PROXY ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    },
  };
  // What `next start` does; Next reads it when it loads.
  Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  // Next adds its own `upgrade` listener to the server of the first request it handles (or to
  // `httpServer`): on ours it would end every `/api` WebSocket the gateway is given (its `/api`
  // route matches). It gets a server that never listens instead; this one passes Next the
  // upgrades that are its (`routeUpgrades`).
  const app = next({
    dev: false,
    dir: webRoot,
    hostname: config.host,
    port: config.ports.web,
    httpServer: createServer(),
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrades = routeUpgrades({ gatewayOrigin: gatewayOrigin(), next: app.getUpgradeHandler() });
  // Bad addresses and methods are refused before Next (server/web-server.ts); every request it
  // lets through is stamped with the browser's address first.
  const server = createWebServer((request, response) => {
    stampClientAddress(request, stamp);
    return handle(request, response);
  });
  // WebSockets: `/api/*` to the gateway (the browser call, Twilio's media stream), the rest to Next.
  server.on('upgrade', (request, socket, head) => {
    stampClientAddress(request, stamp);
    upgrades.handle(request, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PlatformError(
              'PORT_IN_USE',
              `port ${config.ports.web} on ${config.host} is in use. Set LIFEOSAI_WEB_PORT (or ports.web in config.json) to a free port.`,
            )
          : error,
      ),
    );
    server.listen(config.ports.web, config.host, resolve);
  });
  logger.info({ url: `http://${config.host}:${config.ports.web}`, dir: webRoot }, 'web app listening');
  return {
    logger,
    async stop() {
      server.closeAllConnections();
      upgrades.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

runService('Web app', main);
