import { PlatformError } from '@lifeosai/errors';
import type { onRequestAsyncHookHandler } from 'fastify';
import { presentsServiceToken, SERVICE_TOKEN_HEADER } from './client-address.ts';

/**
 * An `onRequest` hook for routes only other services call (`/internal/*`): without `token` in
 * `x-lifeosai-service-token` the request is refused (401 `SERVICE_CREDENTIAL_REQUIRED`) from
 * any address, loopback included — the source address proves nothing on a machine where
 * agents run.
 */
export function requireServiceToken(token: string): onRequestAsyncHookHandler {
  return async (request) => {
    if (!presentsServiceToken(request.headers, token)) {
      throw new PlatformError(
        'SERVICE_CREDENTIAL_REQUIRED',
        `Internal routes answer only the platform's services: send the service token in ${SERVICE_TOKEN_HEADER} ` +
          '(derived from LIFEOSAI_SERVICE_SECRET or $LIFEOSAI_HOME/service-secret).',
      );
    }
  };
}
