import type { FastifyInstance } from 'fastify';
import type { EnvironmentChecks } from '../domain/environment-checks.ts';
import { idParams } from './params.ts';

/** Whether a harness can run here for the caller's organization: binaries, versions, keys configured. */
export function registerHarnessEnvironmentRoutes(api: FastifyInstance, checks: EnvironmentChecks): void {
  api.get('/harnesses/:id/environment', async (request) => {
    const { id } = idParams.parse(request.params);
    return checks.check(request.identity.orgId, id);
  });
}
