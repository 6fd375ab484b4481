import {
  forkSessionBody,
  idParams,
  listSessionsQuery,
  patchSessionBody,
  type SessionSummary,
} from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { nowIso } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import { mergePatchBody } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';
import { sessionView } from '../domain/sessions/conversation.ts';
import { forkSession } from '../domain/sessions/fork-session.ts';
import { getReadableSession } from '../domain/sessions/readers.ts';
import { listSessions, sessionSummary } from '../domain/sessions/session-list.ts';

/** What the session routes use. */
export interface SessionRouteDeps {
  db: Kysely<Database>;
  /** Registered harnesses by id: a fork needs the agent's to declare `capabilities.fork`. */
  harnesses: ReadonlyMap<string, Harness<unknown>>;
}

/** Conversations: each route reads or acts only on those the caller may read (`readers.ts`). */
export function registerSessionRoutes(api: FastifyInstance, deps: SessionRouteDeps): void {
  const { db, harnesses } = deps;

  api.get('/agents/:id/sessions', async (request) => {
    const { id } = idParams.parse(request.params);
    const query = listSessionsQuery.parse(request.query);
    await getAgent(db, request.identity.orgId, id);
    return listSessions(db, request.identity, id, query);
  });

  api.get('/sessions/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    return sessionView(db, await getReadableSession(db, request.identity, id));
  });

  // A JSON merge patch: `title` renames it, `title: null` goes back to the derived title.
  // Answers the conversation's list item, as the list shows it now.
  api.patch('/sessions/:id', async (request): Promise<SessionSummary> => {
    const { id } = idParams.parse(request.params);
    const patch = patchSessionBody.parse(mergePatchBody.parse(request.body));
    const session = await getReadableSession(db, request.identity, id);
    if (patch.title !== undefined) {
      await db
        .updateTable('sessions')
        .set({ title: patch.title, updatedAt: nowIso() })
        .where('id', '=', session.id)
        .execute();
    }
    return sessionSummary(db, request.identity, session.id);
  });

  // Like starting a run: every member of the organization may fork what they may read.
  api.post('/sessions/:id/fork', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const body = forkSessionBody.parse(request.body ?? {});
    const forked = await forkSession(db, harnesses, {
      identity: request.identity,
      sessionId: id,
      ...(body.atRunId !== undefined && { atRunId: body.atRunId }),
    });
    return reply.status(201).send(await sessionView(db, forked));
  });
}
