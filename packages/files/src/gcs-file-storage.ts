import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Bucket, type GetFilesOptions, type GetFilesResponse, Storage } from '@google-cloud/storage';
import { isPlatformError } from '@lifeosai/errors';
import { ByteMeter } from './byte-meter.ts';
import {
  byFileName,
  fileNotFound,
  isListableName,
  nameConflict,
  parseListPrefix,
  parseStorageName,
} from './file-name.ts';
import type { FileContent, FileStat, FileStorage, PutFileOptions, StoredFile } from './file-storage.ts';
import { gcsError, statusOf } from './gcs-errors.ts';

export interface GcsFileStorageOptions {
  /** The bucket that holds every file (`LIFEOSAI_FILES_BUCKET`). */
  bucket: string;
  /**
   * Another endpoint for the JSON API (`LIFEOSAI_GCS_API_ENDPOINT`): a fake or an emulator, which
   * gets no credentials (a `*.googleapis.com` one, e.g. regional, still does). Without it,
   * Google's endpoint with Application Default Credentials.
   */
  apiEndpoint?: string;
  /** Retries of a failed request (the SDK's default otherwise); tests set 0 to fail fast. */
  maxRetries?: number;
  /** Objects per `list` page (the API's 1000 by default); tests set a small one to page. */
  pageSize?: number;
}

// The gateway keeps the real content type in its database; storage never guesses one from the name.
const CONTENT_TYPE = 'application/octet-stream';

/**
 * A `FileStorage` in a Cloud Storage bucket through the JSON API SDK, with the local backend's
 * rules: the same names are refused the same way, a name cannot be both a file and a folder
 * (`FILE_NAME_CONFLICT`), an upload streams through the same byte meter (`FILE_TOO_LARGE` at
 * the first byte past the limit) and appears whole or not at all — a resumable upload is only
 * finalised when its request completes, and a failure aborts it, so no object is created.
 * Unreachable or refusing storage answers `FILE_STORAGE_UNAVAILABLE` / `FILE_STORAGE_DENIED`.
 *
 * Limit: the folder/file conflict checks run before the upload, so two uploads racing to make
 * `a` a file and a folder at once could both succeed (the local backend has the same window).
 */
export function createGcsFileStorage(options: GcsFileStorageOptions): FileStorage {
  const storage = new Storage({
    ...(options.apiEndpoint && {
      apiEndpoint: options.apiEndpoint,
      // The SDK sends no credentials to another endpoint; Google's own (regional, Private Service
      // Connect) still need them.
      useAuthWithCustomEndpoint: isGoogleEndpoint(options.apiEndpoint),
    }),
    // The SDK reads `maxRetries: 0` as "use the default"; no retries is `autoRetry: false`.
    ...(options.maxRetries !== undefined && {
      retryOptions: options.maxRetries === 0 ? { autoRetry: false } : { maxRetries: options.maxRetries },
    }),
  });
  const bucket: Bucket = storage.bucket(options.bucket);
  const failure = (error: unknown) => gcsError(error, options.bucket);

  async function exists(name: string): Promise<boolean> {
    try {
      const [found] = await bucket.file(name).exists();
      return found;
    } catch (error) {
      throw failure(error);
    }
  }

  async function hasObjectsUnder(folder: string): Promise<boolean> {
    try {
      const [files] = await bucket.getFiles({ prefix: folder, maxResults: 1, autoPaginate: false });
      return files.length > 0;
    } catch (error) {
      throw failure(error);
    }
  }

  async function refuseConflicts(name: string, segments: string[]): Promise<void> {
    const parents = segments.slice(0, -1).map((_, index) => segments.slice(0, index + 1).join('/'));
    const [folder, ...files] = await Promise.all([hasObjectsUnder(`${name}/`), ...parents.map(exists)]);
    if (folder) throw nameConflict(name, 'a folder already has that name');
    if (files.some(Boolean)) throw nameConflict(name, 'a file is in the way of its folder');
  }

  async function put(name: string, source: AsyncIterable<Uint8Array>, putOptions: PutFileOptions) {
    const segments = parseStorageName(name);
    const meter = new ByteMeter(putOptions.maxBytes);
    await refuseConflicts(name, segments);
    const upload = bucket.file(name).createWriteStream({
      resumable: true,
      contentType: CONTENT_TYPE,
      validation: 'crc32c',
    });
    try {
      await pipeline(source, meter, upload);
    } catch (error) {
      throw isPlatformError(error) || !isSdkError(error) ? error : failure(error);
    }
    return { name, size: meter.bytes, sha256: meter.sha256() } satisfies StoredFile;
  }

  async function metadataOf(name: string) {
    try {
      const [metadata] = await bucket.file(name).getMetadata();
      return metadata;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw failure(error);
    }
  }

  async function get(name: string): Promise<FileContent> {
    parseStorageName(name);
    const metadata = await metadataOf(name);
    if (!metadata) throw fileNotFound(name);
    // Pinned to the generation just read: a replacement meanwhile cannot change the bytes under `size`.
    const file = bucket.file(name, { generation: Number(metadata.generation) });
    const download = file.createReadStream({ validation: 'crc32c' });
    // The SDK's errors are mapped on the way (a catalogue error, no request options in it), and
    // the caller destroying the stream ends the download.
    const stream = new PassThrough();
    download.once('error', (error) =>
      stream.destroy(statusOf(error) === 404 ? fileNotFound(name) : failure(error)),
    );
    stream.once('close', () => download.destroy());
    download.pipe(stream);
    return { stream, size: Number(metadata.size) };
  }

  async function stat(name: string): Promise<FileStat | undefined> {
    parseStorageName(name);
    const metadata = await metadataOf(name);
    return metadata && { name, size: Number(metadata.size), modifiedAt: new Date(metadata.updated!) };
  }

  async function remove(name: string): Promise<boolean> {
    parseStorageName(name);
    try {
      await bucket.file(name).delete();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw failure(error);
    }
  }

  async function list(prefix = ''): Promise<FileStat[]> {
    if (!parseListPrefix(prefix)) return [];
    const found: FileStat[] = [];
    let query: GetFilesOptions | undefined = {
      prefix,
      autoPaginate: false,
      ...(options.pageSize && { maxResults: options.pageSize }),
    };
    try {
      while (query) {
        const [files, next]: GetFilesResponse = await bucket.getFiles(query);
        for (const file of files) {
          if (!isListableName(file.name)) continue;
          found.push({
            name: file.name,
            size: Number(file.metadata.size),
            modifiedAt: new Date(file.metadata.updated!),
          });
        }
        // The SDK answers null (despite its type) once the last page is read.
        query = (next as GetFilesOptions | null)?.pageToken ? (next as GetFilesOptions) : undefined;
      }
    } catch (error) {
      throw failure(error);
    }
    return found.sort(byFileName);
  }

  return { put, get, stat, delete: remove, list };
}

/** Errors of the SDK and its HTTP client carry a numeric status or a network error code. */
function isSdkError(error: unknown): boolean {
  return statusOf(error) !== undefined || typeof (error as { code?: unknown })?.code === 'string';
}

function isGoogleEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'googleapis.com' || host.endsWith('.googleapis.com');
}
