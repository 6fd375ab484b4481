import {
  idParams,
  listRunsQuery,
  type RunPage,
  runEventsQuery,
  type StartedRun,
  startRunBody,
} from '@lifeosai/api-contract';
import { listRunEvents } from '@lifeosai/db';
import type { FastifyInstance } from 'fastify';
import type { AgentApiDeps } from '../app.ts';
import { getAgent } from '../domain/agents.ts';
import { getRun, toRunView } from '../domain/runs.ts';

export function registerRunRoutes(api: FastifyInstance, deps: AgentApiDeps): void {
  const { db, orchestrator } = deps;

  api.post('/agents/:id/runs', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const body = startRunBody.parse(request.body ?? {});
    const headerKey = request.headers['idempotency-key'];
    const { run } = await orchestrator.wake({
      orgId: request.identity.orgId,
      agentId: id,
      source: 'message',
      prompt: body.prompt,
      sessionId: body.sessionId,
      idempotencyKey: body.idempotencyKey ?? (typeof headerKey === 'string' ? headerKey : undefined),
    });
    const started: StartedRun = {
      id: run.id,
      agentId: run.agentId,
      sessionId: run.sessionId,
      status: run.status,
    };
    return reply.status(202).send(started);
  });

  api.get('/runs', async (request): Promise<RunPage> => {
    const query = listRunsQuery.parse(request.query);
    if (query.agentId) await getAgent(db, request.identity.orgId, query.agentId);
    let select = db.selectFrom('runs').selectAll().where('orgId', '=', request.identity.orgId);
    if (query.agentId) select = select.where('agentId', '=', query.agentId);
    if (query.sessionId) select = select.where('sessionId', '=', query.sessionId);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.cursor) select = select.where('id', '<', query.cursor);
    const rows = await select
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit);
    return { items: items.map(toRunView), nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
  });

  api.get('/runs/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    return toRunView(await getRun(db, request.identity.orgId, id));
  });

  api.get('/runs/:id/events', async (request) => {
    const { id } = idParams.parse(request.params);
    const query = runEventsQuery.parse(request.query);
    await getRun(db, request.identity.orgId, id);
    const events = await listRunEvents(db, id, { after: query.after, limit: query.limit });
    return {
      items: events.map((event) => event.data),
      nextAfter: events.length === query.limit ? events.at(-1)!.seq : null,
    };
  });

  api.post('/runs/:id/cancel', async (request) => {
    const { id } = idParams.parse(request.params);
    return toRunView(await orchestrator.cancel(request.identity.orgId, id));
  });
}
