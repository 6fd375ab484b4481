import type { Database } from '@lifeosai/db';
import { nowIso, toJson } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Orchestrator } from '../orchestration/orchestrator.ts';

const answerParams = z.object({
  id: z.string().min(1).max(100),
  requestId: z.string().min(1).max(200),
});

/*
 * Control characters (other than tab and line breaks) are refused: the message reaches the
 * model as text, and unescaped it must fit one bus notice (JSON-escaped, each would take
 * six bytes).
 */
function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

const answerSchema = z
  .object({
    decision: z.enum(['allow', 'deny']),
    /** With a denial: what the model is told. */
    message: z
      .string()
      .max(2000)
      .refine((text) => !hasControlCharacters(text), 'must not contain control characters')
      .optional(),
  })
  .strict();

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
      throw new PlatformError('FORBIDDEN', 'A person answers permission requests, not the agent.', {
        status: 403,
      });
    }
    const { id, requestId } = answerParams.parse(request.params);
    const answer = answerSchema.parse(request.body ?? {});
    const { orgId, userId } = request.identity;
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
    return reply.status(202).send({ runId: id, requestId, decision: answer.decision });
  });
}
