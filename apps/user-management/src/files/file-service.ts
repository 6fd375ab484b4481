import type { FileMeta } from '@lifeosai/api-contract';
import { type Database, type DialectName, type FileRecord, newId, nowIso } from '@lifeosai/db';
import { isPlatformError, notFound, PlatformError } from '@lifeosai/errors';
import type { FileStorage } from '@lifeosai/files';
import { type Kysely, sql, type Transaction } from 'kysely';

export interface FileLimits {
  /** Largest single upload, in bytes. */
  maxUploadBytes: number;
  /** Total bytes one organization may store. */
  orgQuotaBytes: number;
}

export interface UploadRequest {
  orgId: string;
  userId: string;
  /** Path-like name within the organization (`reports/q1.pdf`); refused if it could escape. */
  name: string;
  contentType: string;
  /** Replace a file of the same name instead of refusing with `FILE_EXISTS`. */
  overwrite: boolean;
}

/** What a file looks like through the API. */
/** What the API shows of a file: the public contract's `FileMeta` (no org id, no storage key). */
export type FileView = FileMeta;

/**
 * Files of each organization: bytes in a `FileStorage` under `<orgId>/<fileId>/<name>` (a
 * fresh folder per upload, so a replacement never overwrites bytes that are still current),
 * metadata in `files`. An upload is whole or absent: storage makes it appear whole or not at all
 * (a folder's temp file renamed, a bucket's upload finalised only when complete), and a failure
 * after that (quota race, name taken) deletes what was stored.
 */
export function createFileService(deps: {
  db: Kysely<Database>;
  dialect: DialectName;
  storage: FileStorage;
  limits: FileLimits;
}) {
  const { db, storage, limits } = deps;

  async function usedBytes(
    executor: Kysely<Database> | Transaction<Database>,
    orgId: string,
    except?: string,
  ) {
    let query = executor
      .selectFrom('files')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), sql<number>`0`).as('used'))
      .where('orgId', '=', orgId);
    if (except) query = query.where('id', '!=', except);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.used);
  }

  const byName = (executor: Kysely<Database> | Transaction<Database>, orgId: string, name: string) =>
    executor
      .selectFrom('files')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();

  function quotaExceeded(used: number): PlatformError {
    return new PlatformError(
      'QUOTA_EXCEEDED',
      `This upload would exceed the organization's storage quota (${used} of ${limits.orgQuotaBytes} bytes used); ` +
        'delete files or ask the operator for more space.',
    );
  }

  return {
    limits,
    usedBytes: (orgId: string) => usedBytes(db, orgId),

    /**
     * Streams `source` into storage and records it. Checks that need no bytes (name taken,
     * quota already full) run before `source` is read.
     */
    async upload(request: UploadRequest, source: AsyncIterable<Uint8Array>): Promise<FileView> {
      const { orgId, name } = request;
      const existing = await byName(db, orgId, name);
      if (existing && !request.overwrite) throw fileExists(name);
      const used = await usedBytes(db, orgId, existing?.id);
      const room = limits.orgQuotaBytes - used;
      if (room <= 0) throw quotaExceeded(used);
      const maxBytes = Math.min(limits.maxUploadBytes, room);
      const id = newId('fil');
      const storageKey = `${orgId}/${id}/${name}`;
      let stored: { size: number; sha256: string };
      try {
        stored = await storage.put(storageKey, source, { maxBytes });
      } catch (error) {
        if (isPlatformError(error, 'FILE_TOO_LARGE')) {
          throw maxBytes < limits.maxUploadBytes
            ? quotaExceeded(used)
            : new PlatformError(
                'FILE_TOO_LARGE',
                `The file is larger than the ${limits.maxUploadBytes}-byte upload limit; upload a smaller file.`,
              );
        }
        throw error;
      }
      let replaced: FileRecord | undefined;
      let record: FileRecord;
      try {
        record = await db.transaction().execute(async (trx) => {
          // One upload per organization commits at a time (SQLite: BEGIN IMMEDIATE already does).
          if (deps.dialect === 'postgres')
            await sql`select pg_advisory_xact_lock(hashtext(${orgId}))`.execute(trx);
          replaced = await byName(trx, orgId, name);
          if (replaced && !request.overwrite) throw fileExists(name);
          const usedNow = await usedBytes(trx, orgId, replaced?.id);
          if (usedNow + stored.size > limits.orgQuotaBytes) throw quotaExceeded(usedNow);
          if (replaced) await trx.deleteFrom('files').where('id', '=', replaced.id).execute();
          return trx
            .insertInto('files')
            .values({
              id,
              orgId,
              name,
              size: stored.size,
              sha256: stored.sha256,
              contentType: request.contentType,
              storageKey,
              createdBy: request.userId,
              createdAt: nowIso(),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
        });
      } catch (error) {
        await storage.delete(storageKey);
        throw error;
      }
      if (replaced) await storage.delete(replaced.storageKey);
      return view(record);
    },

    async list(orgId: string, options: { prefix?: string; limit: number; cursor?: string }) {
      let query = db.selectFrom('files').selectAll().where('orgId', '=', orgId);
      if (options.prefix) {
        query = query.where(sql<string>`substr(name, 1, ${options.prefix.length})`, '=', options.prefix);
      }
      if (options.cursor) query = query.where('id', '>', options.cursor);
      const rows = await query
        .orderBy('id')
        .limit(options.limit + 1)
        .execute();
      const page = rows.slice(0, options.limit);
      return {
        items: page.map(view),
        nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async get(orgId: string, id: string): Promise<FileRecord> {
      const record = await db
        .selectFrom('files')
        .selectAll()
        .where('orgId', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!record) throw notFound('file', id);
      return record;
    },

    open: (record: FileRecord) => storage.get(record.storageKey),

    /** Removes the row, then the bytes: a failure in between leaves unused bytes, never a row without them. */
    async remove(record: FileRecord): Promise<void> {
      await db.deleteFrom('files').where('id', '=', record.id).execute();
      await storage.delete(record.storageKey);
    },

    /** The bytes of a record already deleted (an organization's, in its erase transaction). */
    removeStored: (record: FileRecord) => storage.delete(record.storageKey),
  };
}

export type FileService = ReturnType<typeof createFileService>;

function view({ orgId: _orgId, storageKey: _storageKey, ...rest }: FileRecord): FileView {
  return rest;
}

function fileExists(name: string): PlatformError {
  return new PlatformError(
    'FILE_EXISTS',
    `A file named ${JSON.stringify(name)} already exists; delete it first or upload with ?overwrite=true.`,
  );
}
