import {
  idParams,
  listRunsQuery,
  type RunPage,
  runEventsQuery,
  type StartedRun,
  startRunBody,
} from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { listRunEvents } from '@lifeosai/db';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';
import { listRuns, toRunViews } from '../domain/runs/index.ts';
import { getReadableRun, getReadableSession, readableSessionIds } from '../domain/sessions/readers.ts';
import { triggerOf } from '../domain/trigger.ts';
import type { Orchestrator } from '../orchestration/orchestrator.ts';

/** What the run routes use. */
export interface RunRouteDeps {
  db: Kysely<Database>;
  orchestrator: Pick<Orchestrator, 'wake' | 'cancel'>;
}

export function registerRunRoutes(api: FastifyInstance, deps: RunRouteDeps): void {
  const { db, orchestrator } = deps;

  api.post('/agents/:id/runs', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const body = startRunBody.parse(request.body ?? {});
    const headerKey = request.headers['idempotency-key'];
    // Continuing a conversation is acting on it: only one the caller may read (else 404).
    if (body.sessionId) await getReadableSession(db, request.identity, body.sessionId);
    const { run } = await orchestrator.wake({
      orgId: request.identity.orgId,
      agentId: id,
      source: 'message',
      trigger: triggerOf(request.identity),
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
    const rows = await listRuns(db, request.identity.orgId, {
      ...(query.agentId && { agentId: query.agentId }),
      ...(query.sessionId && { sessionId: query.sessionId }),
      ...(query.status && { status: query.status }),
      ...(query.cursor && { before: query.cursor }),
      readableSessions: readableSessionIds(db, request.identity),
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    return {
      items: await toRunViews(db, items),
      nextCursor: rows.length > query.limit ? items.at(-1)!.id : null,
    };
  });

  api.get('/runs/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    return (await toRunViews(db, [await getReadableRun(db, request.identity, id)]))[0];
  });

  api.get('/runs/:id/events', async (request) => {
    const { id } = idParams.parse(request.params);
    const query = runEventsQuery.parse(request.query);
    await getReadableRun(db, request.identity, id);
    const events = await listRunEvents(db, id, { after: query.after, limit: query.limit });
    return {
      items: events.map((event) => event.data),
      nextAfter: events.length === query.limit ? events.at(-1)!.seq : null,
    };
  });

  api.post('/runs/:id/cancel', async (request) => {
    const { id } = idParams.parse(request.params);
    await getReadableRun(db, request.identity, id);
    const run = await orchestrator.cancel(request.identity.orgId, id);
    return (await toRunViews(db, [run]))[0];
  });
}
