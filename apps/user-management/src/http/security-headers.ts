import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's default security headers on every response, computed once. `@fastify/helmet` built
 * the middleware (and parsed its CSP directives) on every request: ~6% of the gateway's CPU
 * per proxied request in `npm run bench:gateway`. Our configuration is the same for every
 * route, so its output is too.
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/** The headers `helmet()` sets, as it sets them (names and values). */
function helmetHeaders(): Array<[string, string | string[]]> {
  const headers: Array<[string, string | string[]]> = [];
  const response = {
    setHeader(name: string, value: string | string[]) {
      headers.push([name, value]);
    },
    removeHeader(name: string) {
      const index = headers.findIndex(([existing]) => existing.toLowerCase() === name.toLowerCase());
      if (index >= 0) headers.splice(index, 1);
    },
  };
  let failed: unknown;
  helmet()({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  return headers;
}
