import multipart from '@fastify/multipart';
import type { FileMeta, FilePage } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { hasRole } from '@lifeosai/identity';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { checkFileName } from '../files/file-name.ts';
import type { FileService } from '../files/file-service.ts';
import { forbidden } from '../http/errors.ts';

// Multipart framing (boundaries, part headers) on top of the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

export const uploadQuery = z.object({
  /** The name to store under (may contain folders); defaults to the part's filename. */
  name: z.string().min(1).max(1024).optional(),
  overwrite: z.enum(['true', 'false']).default('false'),
});
export const listFilesQuery = z.object({
  prefix: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });

/**
 * `/api/files`: upload (multipart, streamed to storage), list, metadata, download, delete.
 * Members upload and read; a member deletes their own files, admins any file.
 */
export async function registerFileRoutes(
  scope: FastifyInstance,
  deps: { db: Kysely<Database>; files: FileService },
): Promise<void> {
  const { files, db } = deps;
  await scope.register(multipart, {
    limits: {
      // The storage meter enforces the real limit with a clear error; busboy's would only truncate.
      fileSize: files.limits.maxUploadBytes + 1,
      files: 1,
      fields: 10,
      fieldSize: 4096,
      parts: 20,
    },
  });

  scope.post('/api/files', async (request, reply) => {
    const query = uploadQuery.parse(request.query);
    if (!request.isMultipart()) {
      throw new PlatformError(
        'MULTIPART_REQUIRED',
        'Upload files as multipart/form-data with one file part.',
      );
    }
    const declared = Number(request.headers['content-length']);
    if (declared > files.limits.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      throw new PlatformError(
        'FILE_TOO_LARGE',
        `The upload is larger than the ${files.limits.maxUploadBytes}-byte limit; upload a smaller file.`,
      );
    }
    if (query.name !== undefined) checkFileName(query.name);
    const part = await request.file().catch((cause: unknown) => {
      throw multipartInvalid(cause);
    });
    if (!part) {
      throw new PlatformError(
        'FILE_MISSING',
        'The multipart body has no file part; send the file as a file field.',
      );
    }
    // A broken body (truncated, bad framing, client gone) surfaces as an error of the part's stream.
    let bodyError: unknown;
    part.file.once('error', (error) => {
      bodyError = error;
    });
    try {
      const name = checkFileName(query.name ?? part.filename);
      const contentType = CONTENT_TYPE.test(part.mimetype)
        ? part.mimetype.toLowerCase()
        : 'application/octet-stream';
      const stored = await files.upload(
        {
          orgId: request.caller.orgId,
          userId: request.caller.userId,
          name,
          contentType,
          overwrite: query.overwrite === 'true',
        },
        part.file,
      );
      await audit(db, request.caller, {
        action: 'file.uploaded',
        targetType: 'file',
        targetId: stored.id,
        data: { name, size: stored.size },
      });
      return reply.status(201).send(stored satisfies FileMeta);
    } catch (error) {
      throw bodyError !== undefined && error === bodyError ? multipartInvalid(error) : error;
    } finally {
      // Refused before reading (name, quota): the rest of the body is drained, not left hanging.
      if (!part.file.readableEnded) part.file.resume();
    }
  });

  scope.get('/api/files', async (request): Promise<FilePage> => {
    const query = listFilesQuery.parse(request.query);
    const page = await files.list(request.caller.orgId, query);
    return {
      ...page,
      usage: {
        usedBytes: await files.usedBytes(request.caller.orgId),
        quotaBytes: files.limits.orgQuotaBytes,
      },
    };
  });

  scope.get('/api/files/:id', async (request): Promise<FileMeta> => {
    const { id } = idParams.parse(request.params);
    const { orgId: _orgId, storageKey: _storageKey, ...record } = await files.get(request.caller.orgId, id);
    return record;
  });

  scope.get('/api/files/:id/content', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const record = await files.get(request.caller.orgId, id);
    const content = await files.open(record);
    const baseName = record.name.split('/').at(-1)!;
    return (
      reply
        .header('content-type', record.contentType)
        .header('content-length', content.size)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(baseName)}`)
        // Served from the API's origin: an uploaded HTML file must never run as a page here.
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(content.stream)
    );
  });

  scope.delete('/api/files/:id', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const record = await files.get(request.caller.orgId, id);
    if (record.createdBy !== request.caller.userId && !hasRole(request.caller.role, 'admin')) {
      throw forbidden('Members may delete only the files they uploaded; ask an admin.');
    }
    await files.remove(record);
    await audit(db, request.caller, {
      action: 'file.deleted',
      targetType: 'file',
      targetId: record.id,
      data: { name: record.name },
    });
    return reply.status(204).send();
  });
}

function multipartInvalid(cause: unknown): PlatformError {
  return new PlatformError(
    'MULTIPART_INVALID',
    `The multipart body could not be read (${(cause as Error)?.message ?? 'malformed'}); send one file as multipart/form-data.`,
    { cause },
  );
}
