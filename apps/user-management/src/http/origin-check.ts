import type { FastifyRequest } from 'fastify';
import { forbidden } from './errors.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie-authenticated change sent by a browser from a foreign page is refused (CSRF): when a
 * request carries a cookie and an `Origin`, that origin must be the web app's. Clients without
 * a browser send no `Origin`; API keys are not ambient credentials and need no check.
 */
export function checkOrigin(allowed: ReadonlySet<string>) {
  return async (request: FastifyRequest): Promise<void> => {
    if (safeMethods.has(request.method) || !request.headers.cookie) return;
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      throw forbidden(`Requests from ${origin} may not use this session; use the LIFEOSAI web app.`);
    }
  };
}
