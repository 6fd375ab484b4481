import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Attachment, idParams, maxAttachmentBytes, uploadAttachmentBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';

/** What the attachment route uses. */
export interface AttachmentRouteDeps {
  db: Kysely<Database>;
  /** `$LIFEOSAI_HOME`: an agent's workspace is `agents/<id>/workspace` under it (as prepare-run makes it). */
  home: string;
}

/** The folder of the workspace attachments land in. */
const attachmentsFolder = 'attachments';

/**
 * A name safe as one path segment: the base name only, characters outside a conservative set
 * replaced, no leading dot (never a hidden file, never `..`).
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[^\w.\- ]+/g, '-')
    .replace(/^[.\s-]+/, '')
    .trim()
    .slice(-120);
  return cleaned || 'file';
}

/** Refuses (409) a path of the workspace that is a link, or resolves outside the workspace. */
async function insideWorkspace(workspace: string, path: string): Promise<void> {
  const [root, resolved, entry] = await Promise.all([realpath(workspace), realpath(path), lstat(path)]);
  if (entry.isSymbolicLink() || !resolved.startsWith(`${root}/`)) {
    throw new PlatformError('ATTACHMENTS_FOLDER_INVALID');
  }
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
    const workspace = join(deps.home, 'agents', agent.id, 'workspace');
    const folder = join(workspace, attachmentsFolder);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // The workspace is the agent's: a run may have made `attachments` a link to anywhere the
    // platform can write. Write only into a real folder inside it, and check again after.
    await insideWorkspace(workspace, folder);
    const fileName = `${randomBytes(4).toString('hex')}-${safeFileName(input.name)}`;
    const file = join(folder, fileName);
    await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
    await insideWorkspace(workspace, file).catch(async (error: unknown) => {
      await unlink(file).catch(() => undefined);
      throw error;
    });
    const attachment: Attachment = {
      path: `${attachmentsFolder}/${fileName}`,
      name: input.name,
      size: bytes.byteLength,
      contentType: input.contentType,
    };
    return reply.status(201).send(attachment);
  });
}
