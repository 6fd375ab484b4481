import { callListQuery, idParams } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';
import { callDetail, getReadableCall, listCalls } from '../domain/phone/call-views.ts';

/**
 * `/api/agent` routes of an agent's calls (phone and browser). A call is as private as its
 * conversation (`domain/phone/call-views.ts`): one the caller may not read is a 404.
 */
export function registerCallRoutes(api: FastifyInstance, deps: { db: Kysely<Database> }): void {
  const { db } = deps;

  api.get('/calls', async (request) => {
    const query = callListQuery.parse(request.query);
    const agent = await getAgent(db, request.identity.orgId, query.agentId);
    return listCalls(db, request.identity, agent, query);
  });

  api.get('/calls/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    const { call } = await getReadableCall(db, request.identity, id);
    return callDetail(call);
  });
}
