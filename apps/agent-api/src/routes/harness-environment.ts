import { harnessEnvironmentQuery, idParams } from '@lifeosai/api-contract';
import type { FastifyInstance } from 'fastify';
import type { EnvironmentChecks } from '../domain/environment-checks.ts';

/**
 * Whether a harness can run here for the caller's organization: binaries, versions, keys
 * configured. `?refresh=true` checks again instead of reusing a report up to 30 s old.
 */
export function registerHarnessEnvironmentRoutes(api: FastifyInstance, checks: EnvironmentChecks): void {
  api.get('/harnesses/:id/environment', async (request) => {
    const { id } = idParams.parse(request.params);
    const { refresh } = harnessEnvironmentQuery.parse(request.query);
    return checks.check(request.identity.orgId, id, { refresh: refresh === 'true' });
  });
}
