import { type Attachment, idParams, maxAttachmentBytes, uploadAttachmentBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';
import { agentWorkspace, writeAttachment } from '../domain/workspace-attachments.ts';

/** What the attachment route uses. */
export interface AttachmentRouteDeps {
  db: Kysely<Database>;
  /** `$LIFEOSAI_HOME`: an agent's workspace is `agents/<id>/workspace` under it (as prepare-run makes it). */
  home: string;
}

/**
 * `POST /agents/:id/attachments`: a file a person gives the agent in the chat, written into the
 * agent's workspace (the runs' working directory) under `attachments/`, where its runs read it.
 * A JSON body (base64) so it passes the same 1 MiB limit as every other request; each upload
 * gets a fresh name, so nothing in the workspace is ever overwritten. Members may attach, as
 * they may start runs.
 */
export function registerAttachmentRoutes(api: FastifyInstance, deps: AttachmentRouteDeps): void {
  api.post('/agents/:id/attachments', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const input = uploadAttachmentBody.parse(request.body ?? {});
    const agent = await getAgent(deps.db, request.identity.orgId, id);
    const bytes = Buffer.from(input.contentBase64, 'base64');
    if (bytes.byteLength > maxAttachmentBytes) {
      throw new PlatformError(
        'FILE_TOO_LARGE',
        `The attachment is larger than the ${maxAttachmentBytes}-byte limit; attach a smaller file.`,
      );
    }
    const path = await writeAttachment(agentWorkspace(deps.home, agent.id), input.name, bytes);
    const attachment: Attachment = {
      path,
      name: input.name,
      size: bytes.byteLength,
      contentType: input.contentType,
    };
    return reply.status(201).send(attachment);
  });
}
