import { usageByDay } from '@lifeosai/db';
import { usageRangeQuery } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AgentApiDeps } from '../app.ts';

const agentQuery = z.object({ agentId: z.string().min(1).max(100).optional() });

/** Runs, spend and tokens of the caller's organization per UTC day, with totals and the agents behind them. */
export function registerUsageRoutes(api: FastifyInstance, deps: AgentApiDeps): void {
  api.get('/usage', async (request) => {
    const range = usageRangeQuery.parse(request.query);
    const query = { ...range, ...agentQuery.parse(request.query) };
    const { byOrg: _instanceOnly, ...usage } = await usageByDay(deps.db, {
      orgId: request.identity.orgId,
      from: query.from,
      to: query.to,
      ...(query.agentId !== undefined && { agentId: query.agentId }),
    });
    return usage;
  });
}
