import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import { forbidden } from '../http/errors.ts';

/**
 * Refuses everyone but the instance admin on this scope (`403 FORBIDDEN`), and the instance
 * admin's API keys too (`403 SESSION_REQUIRED`): a leaked key must not open every
 * organization's data. Register inside the private scope (the caller is already known).
 */
export function instanceAdminOnly(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    if (!request.caller.isInstanceAdmin) {
      throw forbidden(
        'Only the instance admin (the first account of this installation) can use /api/admin; ' +
          'organization owners manage their own organization under /api/orgs.',
      );
    }
    if (request.caller.via !== 'session') {
      throw new PlatformError(
        'SESSION_REQUIRED',
        'The instance admin API needs a signed-in session (cookie); API keys cannot use it.',
      );
    }
  });
}
