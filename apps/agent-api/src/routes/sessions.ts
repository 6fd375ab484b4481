import { forkSessionBody, idParams } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getSession, sessionView } from '../domain/sessions/conversation.ts';
import { forkSession } from '../domain/sessions/fork-session.ts';

/** What the session routes use. */
export interface SessionRouteDeps {
  db: Kysely<Database>;
  /** Registered harnesses by id: a fork needs the agent's to declare `capabilities.fork`. */
  harnesses: ReadonlyMap<string, Harness<unknown>>;
}

export function registerSessionRoutes(api: FastifyInstance, deps: SessionRouteDeps): void {
  const { db, harnesses } = deps;

  api.get('/sessions/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    return sessionView(db, await getSession(db, request.identity.orgId, id));
  });

  // Like starting a run: every member of the organization may fork what they may read.
  api.post('/sessions/:id/fork', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const body = forkSessionBody.parse(request.body ?? {});
    const forked = await forkSession(db, harnesses, {
      orgId: request.identity.orgId,
      sessionId: id,
      ...(body.atRunId !== undefined && { atRunId: body.atRunId }),
    });
    return reply.status(201).send(await sessionView(db, forked));
  });
}
