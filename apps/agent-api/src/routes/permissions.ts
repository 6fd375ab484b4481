import { type PermissionAnswer, permissionAnswerBody, permissionAnswerParams } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { nowIso, toJson } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getReadableRun } from '../domain/sessions/readers.ts';
import type { Orchestrator } from '../orchestration/orchestrator.ts';

/** What the permission routes use. */
export interface PermissionRouteDeps {
  db: Kysely<Database>;
  orchestrator: Pick<Orchestrator, 'answerPermission'>;
}

/** A person allows or denies a tool call a run is waiting on (`permission_request`). */
export function registerPermissionRoutes(api: FastifyInstance, deps: PermissionRouteDeps): void {
  const { db, orchestrator } = deps;

  api.post('/runs/:id/permissions/:requestId', async (request, reply) => {
    // Run tokens never reach this route (see run-token.ts); said here too, because it matters.
    if (request.identity.agent) {
      throw new PlatformError('FORBIDDEN', 'A person answers permission requests, not the agent.');
    }
    const { id, requestId } = permissionAnswerParams.parse(request.params);
    const answer = permissionAnswerBody.parse(request.body ?? {});
    const { orgId, userId } = request.identity;
    await getReadableRun(db, request.identity, id);
    await orchestrator.answerPermission({ orgId, runId: id, requestId, ...answer });
    await db
      .insertInto('auditLog')
      .values({
        orgId,
        actorType: 'user',
        actorId: userId,
        action: 'permission.answered',
        targetType: 'run',
        targetId: id,
        data: toJson({ requestId, decision: answer.decision }),
        createdAt: nowIso(),
      })
      .execute();
    const answered: PermissionAnswer = { runId: id, requestId, decision: answer.decision };
    return reply.status(202).send(answered);
  });
}
