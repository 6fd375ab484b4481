import multipart from '@fastify/multipart';
import { idParams, installPluginBody, type PluginView } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import { archiveChecksum, fetchNpmPlugin, readPluginArchive } from '@lifeosai/plugins';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit.ts';
import { createPluginStore, type PluginOrigin } from './plugin-store.ts';

/** What the plugin routes need. */
export interface PluginRouteOptions {
  /** The npm registry `{npm: "name@version"}` installs from (config `npmRegistry`). */
  npmRegistry: string;
  /** The largest archive accepted, uploaded or downloaded (bytes; 20 MiB by default). */
  maxArchiveBytes?: number;
  /** Seam for the registry requests. */
  fetch?: typeof fetch;
}

/** Raw archive bodies: the magic bytes decide the format, not the content type. */
const archiveContentTypes = [
  'application/gzip',
  'application/x-gzip',
  'application/zip',
  'application/octet-stream',
];

/**
 * `/api/plugins`: install (an uploaded .tgz/.zip, multipart or raw, or `{npm: "name@version"}`
 * through the registry), list (with the agents enabling each), uninstall (removed from every
 * agent). Members read; admins and owners install and uninstall.
 */
export async function registerPluginRoutes(
  scope: FastifyInstance,
  deps: { db: Kysely<Database> } & PluginRouteOptions,
): Promise<void> {
  const { db } = deps;
  const store = createPluginStore(db);
  const maxArchiveBytes = deps.maxArchiveBytes ?? 20 * 1024 * 1024;
  await scope.register(multipart, {
    limits: { fileSize: maxArchiveBytes, files: 1, fields: 5, fieldSize: 1024, parts: 10 },
  });
  scope.addContentTypeParser(
    archiveContentTypes,
    { parseAs: 'buffer', bodyLimit: maxArchiveBytes },
    (_request, body, done) => done(null, body),
  );

  scope.get(
    '/api/plugins',
    async (request): Promise<{ items: PluginView[] }> => ({
      items: await store.list(request.caller.orgId),
    }),
  );

  scope.post('/api/plugins', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { archive, origin } = await receiveArchive(request, deps, maxArchiveBytes);
    const bundle = await readPluginArchive(archive);
    const checksum = archiveChecksum(archive);
    const plugin = await store.install(request.caller, bundle, archive, checksum, origin);
    await audit(db, request.caller, {
      action: 'plugin.installed',
      targetType: 'plugin',
      targetId: plugin.id,
      data: { name: plugin.name, version: plugin.version, source: plugin.source, checksum },
    });
    return reply.status(201).send(plugin);
  });

  scope.delete('/api/plugins/:id', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const removed = await store.uninstall(request.caller.orgId, id);
    await audit(db, request.caller, {
      action: 'plugin.uninstalled',
      targetType: 'plugin',
      targetId: id,
      data: { name: removed.name, version: removed.version, agents: removed.agentIds },
    });
    return reply.status(204).send();
  });
}

/** The archive of a `POST /api/plugins`: a multipart file, a raw body, or downloaded from npm. */
async function receiveArchive(
  request: FastifyRequest,
  deps: PluginRouteOptions,
  maxArchiveBytes: number,
): Promise<{ archive: Uint8Array; origin: PluginOrigin }> {
  if (request.isMultipart()) {
    const part = await request.file().catch((cause: unknown) => {
      throw new PlatformError(
        'MULTIPART_INVALID',
        'The multipart body could not be read; send one .tgz or .zip file.',
        {
          cause,
        },
      );
    });
    if (!part)
      throw new PlatformError(
        'FILE_MISSING',
        'The multipart body has no file part; send the .tgz or .zip as a file field.',
      );
    const bytes = await part.toBuffer().catch((cause: unknown) => {
      if (part.file.truncated) throw tooLarge(maxArchiveBytes);
      throw new PlatformError('MULTIPART_INVALID', 'The uploaded file could not be read; send it again.', {
        cause,
      });
    });
    return { archive: new Uint8Array(bytes), origin: { source: 'upload', npmSpec: null } };
  }
  if (Buffer.isBuffer(request.body)) {
    return { archive: new Uint8Array(request.body), origin: { source: 'upload', npmSpec: null } };
  }
  const { npm } = installPluginBody.parse(request.body);
  const fetched = await fetchNpmPlugin(npm, deps.npmRegistry, {
    maxTarballBytes: maxArchiveBytes,
    ...(deps.fetch && { fetch: deps.fetch }),
  });
  return { archive: fetched.archive, origin: { source: 'npm', npmSpec: fetched.spec } };
}

function tooLarge(maxArchiveBytes: number): PlatformError {
  return new PlatformError(
    'FILE_TOO_LARGE',
    `The plugin archive is larger than the ${maxArchiveBytes}-byte limit; make the bundle smaller.`,
  );
}
