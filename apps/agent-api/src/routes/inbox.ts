import { idParams, inboxItemBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { newId, nowIso } from '@lifeosai/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';

/** What the inbox routes use. */
export interface InboxRouteDeps {
  db: Kysely<Database>;
}

/** Items for an agent's next heartbeat: the cheap check wakes it only when one is due. */
export function registerInboxRoutes(api: FastifyInstance, deps: InboxRouteDeps): void {
  const { db } = deps;

  api.post('/agents/:id/inbox', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const input = inboxItemBody.parse(request.body ?? {});
    const agent = await getAgent(db, request.identity.orgId, id);
    const now = nowIso();
    const item = await db
      .insertInto('agentInbox')
      .values({
        id: newId('inb'),
        orgId: agent.orgId,
        agentId: agent.id,
        text: input.text,
        dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : now,
        createdAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return reply.status(201).send(item);
  });

  api.get('/agents/:id/inbox', async (request) => {
    const { id } = idParams.parse(request.params);
    const agent = await getAgent(db, request.identity.orgId, id);
    const items = await db
      .selectFrom('agentInbox')
      .selectAll()
      .where('agentId', '=', agent.id)
      .orderBy('dueAt')
      .execute();
    return { items };
  });
}
