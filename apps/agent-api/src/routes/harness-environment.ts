import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EnvironmentChecks } from '../domain/environment-checks.ts';
import { idParams } from './params.ts';

const environmentQuery = z.object({ refresh: z.enum(['true', 'false']).optional() });

/**
 * Whether a harness can run here for the caller's organization: binaries, versions, keys
 * configured. `?refresh=true` checks again instead of reusing a report up to 30 s old.
 */
export function registerHarnessEnvironmentRoutes(api: FastifyInstance, checks: EnvironmentChecks): void {
  api.get('/harnesses/:id/environment', async (request) => {
    const { id } = idParams.parse(request.params);
    const { refresh } = environmentQuery.parse(request.query);
    return checks.check(request.identity.orgId, id, { refresh: refresh === 'true' });
  });
}
