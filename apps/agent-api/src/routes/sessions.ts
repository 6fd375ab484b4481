import { conversationEventTypes, idParams } from '@lifeosai/api-contract';
import { notFound } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { AgentApiDeps } from '../app.ts';
import { toRunView } from '../domain/runs.ts';

export function registerSessionRoutes(api: FastifyInstance, deps: AgentApiDeps): void {
  const { db } = deps;

  api.get('/sessions/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    const session = await db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('orgId', '=', request.identity.orgId)
      .executeTakeFirst();
    if (!session) throw notFound('session', id);
    const runs = await db.selectFrom('runs').selectAll().where('sessionId', '=', id).orderBy('id').execute();
    const events =
      runs.length === 0
        ? []
        : await db
            .selectFrom('runEvents')
            .select(['runId', 'seq', 'data'])
            .where(
              'runId',
              'in',
              runs.map((run) => run.id),
            )
            .where('type', 'in', conversationEventTypes)
            .orderBy('runId')
            .orderBy('seq')
            .execute();
    return {
      id: session.id,
      agentId: session.agentId,
      harness: session.harness,
      title: session.title,
      createdAt: session.createdAt,
      updatedAt: session.updatedAt,
      runs: runs.map((run) => ({
        ...toRunView(run),
        events: events.filter((event) => event.runId === run.id).map((event) => event.data),
      })),
    };
  });
}
