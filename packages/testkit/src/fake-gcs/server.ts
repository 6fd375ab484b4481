import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32cBase64 } from './crc32c.ts';
import { parseMultipartRelated } from './multipart-related.ts';

/** An object as the fake holds it. */
export interface FakeGcsObject {
  bucket: string;
  name: string;
  data: Buffer;
  contentType: string;
  generation: number;
  updated: Date;
}

/** How the fake answers every request: normally, or as Cloud Storage does to a caller without rights. */
export type FakeGcsAccess = 'allowed' | 'denied' | 'unauthenticated';

export interface FakeGcs extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: what `new Storage({ apiEndpoint })` takes. */
  url: string;
  createBucket(name: string): void;
  /** The bucket's objects, sorted by name (what a test inspects: nothing left behind). */
  objects(bucket: string): FakeGcsObject[];
  /** Resumable upload sessions opened and not (yet) finalized; they never show as objects. */
  pendingUploads(): number;
  /** From now on, every request gets 403 (`denied`), 401 (`unauthenticated`) or its normal answer. */
  setAccess(access: FakeGcsAccess): void;
  /** `METHOD /path` of every request so far, oldest first (query strings left off). */
  requests(): string[];
  close(): Promise<void>;
}

interface Session {
  bucket: string;
  name: string;
  contentType: string;
  ifGenerationMatch: number | undefined;
  chunks: Buffer[];
  received: number;
}

class GcsError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

/**
 * The Cloud Storage JSON API on loopback, for what `@google-cloud/storage` calls: bucket
 * metadata; object metadata, download (`alt=media`, with `Range` and `generation`), list
 * (`prefix`, `delimiter`, `maxResults`/`pageToken`) and delete; uploads as `media`,
 * `multipart` and `resumable` (single request or chunked with `Content-Range`, status checks).
 * `ifGenerationMatch` (0: must not exist) is honoured on uploads and deletes. Like Cloud
 * Storage, an object appears only when its upload completes: an upload request cut off midway
 * leaves no object, only an open session. No authentication is checked (the SDK sends none to a
 * custom endpoint); `setAccess` simulates a caller without rights.
 */
export async function startFakeGcs(options: { port?: number; buckets?: string[] } = {}): Promise<FakeGcs> {
  const buckets = new Map<string, Map<string, FakeGcsObject>>();
  const sessions = new Map<string, Session>();
  const seen: string[] = [];
  let access: FakeGcsAccess = 'allowed';
  let generations = Date.now() * 1000;
  let origin = '';

  const bucketNamed = (name: string) => {
    const bucket = buckets.get(name);
    if (!bucket) throw new GcsError(404, 'notFound', 'The specified bucket does not exist.');
    return bucket;
  };

  function checkGeneration(existing: FakeGcsObject | undefined, expected: number | undefined): void {
    if (expected === undefined) return;
    if ((existing?.generation ?? 0) !== expected) {
      throw new GcsError(
        412,
        'conditionNotMet',
        'At least one of the pre-conditions you specified did not hold.',
      );
    }
  }

  function store(
    bucketName: string,
    name: string,
    data: Buffer,
    contentType: string,
    ifGenerationMatch?: number,
  ) {
    const bucket = bucketNamed(bucketName);
    checkGeneration(bucket.get(name), ifGenerationMatch);
    const object: FakeGcsObject = {
      bucket: bucketName,
      name,
      data,
      contentType,
      generation: ++generations,
      updated: new Date(),
    };
    bucket.set(name, object);
    return object;
  }

  function resource(object: FakeGcsObject) {
    const path = `b/${object.bucket}/o/${encodeURIComponent(object.name)}`;
    return {
      kind: 'storage#object',
      id: `${object.bucket}/${object.name}/${object.generation}`,
      selfLink: `${origin}/storage/v1/${path}`,
      mediaLink: `${origin}/download/storage/v1/${path}?generation=${object.generation}&alt=media`,
      name: object.name,
      bucket: object.bucket,
      generation: String(object.generation),
      metageneration: '1',
      contentType: object.contentType,
      storageClass: 'STANDARD',
      size: String(object.data.length),
      md5Hash: createHash('md5').update(object.data).digest('base64'),
      crc32c: crc32cBase64(object.data),
      etag: Buffer.from(String(object.generation)).toString('base64'),
      timeCreated: object.updated.toISOString(),
      updated: object.updated.toISOString(),
    };
  }

  const sendJson = (response: ServerResponse, status: number, body: unknown, headers = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, {
      ...headers,
      ...(text && { 'content-type': 'application/json; charset=UTF-8' }),
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };

  const readBody = (request: IncomingMessage) =>
    new Promise<Buffer | undefined>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let complete = false;
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        complete = true;
        resolve(Buffer.concat(chunks));
      });
      request.on('error', reject);
      // Cut off before the end: undefined, so no upload completes from a partial body.
      request.on('close', () => {
        if (!complete) resolve(undefined);
      });
    });

  const number = (value: string | null) => (value === null ? undefined : Number(value));

  function download(request: IncomingMessage, response: ServerResponse, object: FakeGcsObject): void {
    const { data } = object;
    const headers: Record<string, string | number> = {
      'content-type': object.contentType,
      'x-goog-generation': object.generation,
      'x-goog-metageneration': 1,
      'x-goog-stored-content-length': data.length,
      'x-goog-stored-content-encoding': 'identity',
      'x-goog-hash': `crc32c=${crc32cBase64(data)},md5=${createHash('md5').update(data).digest('base64')}`,
      'accept-ranges': 'bytes',
    };
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    if (!range || (range[1] === '' && range[2] === '')) {
      response.writeHead(200, { ...headers, 'content-length': data.length });
      response.end(data);
      return;
    }
    let start: number;
    let end: number;
    if (range[1] === '') {
      start = Math.max(0, data.length - Number(range[2]));
      end = data.length - 1;
    } else {
      start = Number(range[1]);
      end = range[2] === '' ? data.length - 1 : Math.min(Number(range[2]), data.length - 1);
    }
    if (start >= data.length || start > end) {
      throw new GcsError(416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.');
    }
    response.writeHead(206, {
      ...headers,
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${data.length}`,
    });
    response.end(data.subarray(start, end + 1));
  }

  function list(response: ServerResponse, bucketName: string, query: URLSearchParams): void {
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const maxResults = Math.min(Number(query.get('maxResults') ?? 1000) || 1000, 1000);
    const after = query.get('pageToken') ? Buffer.from(query.get('pageToken')!, 'base64url') : undefined;
    const names = [...bucketNamed(bucketName).keys()]
      .filter((name) => name.startsWith(prefix))
      .map((name) => Buffer.from(name))
      .sort(Buffer.compare)
      .filter((name) => !after || Buffer.compare(name, after) > 0)
      .map((name) => name.toString());
    const items: FakeGcsObject[] = [];
    const prefixes = new Set<string>();
    let last: string | undefined;
    for (const name of names) {
      if (items.length + prefixes.size >= maxResults) break;
      const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
      if (cut !== -1) prefixes.add(name.slice(0, cut + delimiter.length));
      else items.push(bucketNamed(bucketName).get(name)!);
      last = name;
    }
    const more = last !== undefined && names.at(-1) !== last;
    sendJson(response, 200, {
      kind: 'storage#objects',
      ...(items.length > 0 && { items: items.map(resource) }),
      ...(prefixes.size > 0 && { prefixes: [...prefixes] }),
      ...(more && { nextPageToken: Buffer.from(last!).toString('base64url') }),
    });
  }

  async function upload(
    request: IncomingMessage,
    response: ServerResponse,
    bucketName: string,
    query: URLSearchParams,
  ) {
    bucketNamed(bucketName);
    const type = query.get('uploadType');
    const ifGenerationMatch = number(query.get('ifGenerationMatch'));
    if (request.method === 'POST' && type === 'resumable') {
      const metadata = JSON.parse((await readBody(request))?.toString('utf8') || '{}') as Record<
        string,
        unknown
      >;
      const name = query.get('name') ?? (metadata.name as string | undefined);
      if (!name) throw new GcsError(400, 'required', 'Required: the object name.');
      const id = randomUUID();
      sessions.set(id, {
        bucket: bucketName,
        name,
        contentType:
          (request.headers['x-upload-content-type'] as string | undefined) ??
          (metadata.contentType as string | undefined) ??
          'application/octet-stream',
        ifGenerationMatch,
        chunks: [],
        received: 0,
      });
      const location = `${origin}/upload/storage/v1/b/${bucketName}/o?uploadType=resumable&upload_id=${id}`;
      return sendJson(response, 200, undefined, { location });
    }
    if (request.method === 'PUT' && type === 'resumable') return resumableChunk(request, response, query);
    if (request.method !== 'POST') throw new GcsError(405, 'methodNotAllowed', 'Method not allowed.');
    const body = await readBody(request);
    if (!body) return;
    let name = query.get('name') ?? undefined;
    let data = body;
    let contentType = request.headers['content-type'] ?? 'application/octet-stream';
    if (type === 'multipart') {
      const parsed = parseMultipartRelated(body, contentType);
      if (!parsed) throw new GcsError(400, 'invalid', 'The multipart body is not metadata and media.');
      name ??= parsed.metadata.name as string | undefined;
      data = parsed.media;
      contentType = (parsed.metadata.contentType as string | undefined) ?? 'application/octet-stream';
    } else if (type !== 'media') {
      throw new GcsError(400, 'invalid', `Unknown uploadType ${JSON.stringify(type)}.`);
    }
    if (!name) throw new GcsError(400, 'required', 'Required: the object name.');
    sendJson(response, 200, resource(store(bucketName, name, data, contentType, ifGenerationMatch)));
  }

  async function resumableChunk(request: IncomingMessage, response: ServerResponse, query: URLSearchParams) {
    const id = query.get('upload_id') ?? '';
    const session = sessions.get(id);
    if (!session) throw new GcsError(404, 'notFound', 'No such upload session.');
    // `bytes 0-99/*`, `bytes 0-*/*` (the rest of the body, size unknown), `bytes */200` (status).
    const range = /^bytes (?:(\d+)-(\d+|\*)|\*)\/(\d+|\*)$/.exec(
      request.headers['content-range'] ?? 'bytes */*',
    );
    if (!range) throw new GcsError(400, 'invalid', 'Bad Content-Range.');
    const body = await readBody(request);
    if (!body) return; // cut off: the session keeps what it had, no object appears
    if (range[1] !== undefined) {
      const start = Number(range[1]);
      if (start !== session.received) {
        throw new GcsError(400, 'invalid', `Expected the upload to continue at byte ${session.received}.`);
      }
      session.chunks.push(body);
      session.received += body.length;
    }
    const total = range[3] === '*' ? (range[2] === '*' ? session.received : undefined) : Number(range[3]);
    if (total === undefined || session.received < total) {
      const headers = session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {};
      return sendJson(response, 308, undefined, headers);
    }
    if (session.received !== total) throw new GcsError(400, 'invalid', 'More bytes than the declared size.');
    sessions.delete(id);
    const data = Buffer.concat(session.chunks);
    const object = store(session.bucket, session.name, data, session.contentType, session.ifGenerationMatch);
    sendJson(response, 200, resource(object));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake-gcs');
    seen.push(`${request.method} ${url.pathname}`);
    if (access !== 'allowed') {
      request.resume();
      throw access === 'denied'
        ? new GcsError(403, 'forbidden', 'anonymous caller does not have storage.objects.get access.')
        : new GcsError(401, 'required', 'Anonymous caller does not have access; log in.');
    }
    const upload_ = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (upload_) return upload(request, response, decodeURIComponent(upload_[1]!), url.searchParams);
    const bucketPath = /^\/storage\/v1\/b\/([^/]+)$/.exec(url.pathname);
    if (bucketPath && request.method === 'GET') {
      const name = decodeURIComponent(bucketPath[1]!);
      bucketNamed(name);
      return sendJson(response, 200, { kind: 'storage#bucket', id: name, name, location: 'US' });
    }
    const listPath = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (listPath && request.method === 'GET')
      return list(response, decodeURIComponent(listPath[1]!), url.searchParams);
    const objectPath = /^\/(?:download\/)?storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    if (!objectPath) throw new GcsError(404, 'notFound', 'Not Found');
    const bucket = bucketNamed(decodeURIComponent(objectPath[1]!));
    const name = decodeURIComponent(objectPath[2]!);
    const object = bucket.get(name);
    const generation = number(url.searchParams.get('generation'));
    const missing = new GcsError(404, 'notFound', `No such object: ${objectPath[1]}/${name}`);
    if (request.method === 'DELETE') {
      checkGeneration(object, number(url.searchParams.get('ifGenerationMatch')));
      if (!object || (generation !== undefined && object.generation !== generation)) throw missing;
      bucket.delete(name);
      return sendJson(response, 204, undefined);
    }
    if (request.method !== 'GET') throw new GcsError(405, 'methodNotAllowed', 'Method not allowed.');
    if (!object || (generation !== undefined && object.generation !== generation)) throw missing;
    if (url.searchParams.get('alt') === 'media') return download(request, response, object);
    sendJson(response, 200, resource(object));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof GcsError ? error.status : 500;
      const reason = error instanceof GcsError ? error.reason : 'backendError';
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent || response.destroyed) return;
      sendJson(response, status, {
        error: { code: status, message, errors: [{ message, domain: 'global', reason }] },
      });
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const name of options.buckets ?? []) buckets.set(name, new Map());

  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: origin,
    createBucket(name) {
      if (!buckets.has(name)) buckets.set(name, new Map());
    },
    objects: (bucket) =>
      [...(buckets.get(bucket)?.values() ?? [])].sort((left, right) =>
        Buffer.compare(Buffer.from(left.name), Buffer.from(right.name)),
      ),
    pendingUploads: () => sessions.size,
    setAccess(next) {
      access = next;
    },
    requests: () => [...seen],
    close,
    [Symbol.asyncDispose]: close,
  };
}
