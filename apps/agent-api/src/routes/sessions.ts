import { conversationEventTypes, idParams } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { notFound } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sessionRuns, toRunViews } from '../domain/runs/index.ts';

/** What the session routes use. */
export interface SessionRouteDeps {
  db: Kysely<Database>;
}

export function registerSessionRoutes(api: FastifyInstance, deps: SessionRouteDeps): void {
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
    const runs = await sessionRuns(db, id);
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
      runs: (await toRunViews(db, runs)).map((run) => ({
        ...run,
        events: events.filter((event) => event.runId === run.id).map((event) => event.data),
      })),
    };
  });
}
