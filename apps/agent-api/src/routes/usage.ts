import { type UsageReport, usageQuery } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { usageByDay } from '@lifeosai/db';
import { usageRangeQuery } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';

/** What the usage routes use. */
export interface UsageRouteDeps {
  db: Kysely<Database>;
}

/** Runs, spend and tokens of the caller's organization per UTC day, with totals and the agents behind them. */
export function registerUsageRoutes(api: FastifyInstance, deps: UsageRouteDeps): void {
  api.get('/usage', async (request): Promise<UsageReport> => {
    const range = usageRangeQuery.parse(request.query);
    const query = { ...range, ...usageQuery.parse(request.query) };
    const { byOrg: _instanceOnly, ...usage } = await usageByDay(deps.db, {
      orgId: request.identity.orgId,
      from: query.from,
      to: query.to,
      ...(query.agentId !== undefined && { agentId: query.agentId }),
    });
    return usage;
  });
}
