/**
 * The web app: `node apps/web/src/main.ts` (`npm run start -w @lifeosai/web`) serves the built
 * Next.js app (`next build` first) on `LIFEOSAI_WEB_PORT` (or `PORT`, default 3000) at
 * `LIFEOSAI_HOST` (default 127.0.0.1). Next.js answers every request; the server around it
 * (`server/web-server.ts`) answers the few it would get wrong. SIGINT/SIGTERM stop it.
 */
import { fileURLToPath } from 'node:url';
import next from 'next';
import { createWebServer } from './server/web-server.ts';

const port = Number(process.env.LIFEOSAI_WEB_PORT || process.env.PORT || 3000);
const hostname = process.env.LIFEOSAI_HOST || '127.0.0.1';
const dir = fileURLToPath(new URL('..', import.meta.url));

try {
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const server = createWebServer(app.getRequestHandler());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`web app ready on http://${hostname}:${port}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close(() => void app.close().finally(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const reason =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${port} on ${hostname} is in use. Set LIFEOSAI_WEB_PORT (or ports.web in config.json) to a free port.`
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(`Web app cannot start: ${reason}`);
  process.exit(1);
}
