import type { IncomingMessage } from 'node:http';

/** A file uploaded in a multipart call (`sendPhoto`'s photo, …). */
export interface UploadedFile {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}

/** A Bot API call's parameters, however they came (query, JSON, form, multipart). */
export interface CallParams {
  values: Record<string, unknown>;
  /** Uploaded files by field name (an `attach://<name>` value is resolved to its file). */
  files: Record<string, UploadedFile>;
}

/**
 * Reads a call's parameters the ways the Bot API accepts them. Multipart values are strings;
 * like Telegram, fields holding JSON (reply_markup, allowed_updates) are parsed where used.
 */
export async function readCallParams(request: IncomingMessage, url: URL): Promise<CallParams> {
  const values: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: Record<string, UploadedFile> = {};
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (body.length === 0) return { values, files };
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object') Object.assign(values, parsed);
  } else if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    const uploads = new Map<string, UploadedFile>();
    for (const [name, value] of form) {
      if (typeof value === 'string') values[name] = value;
      else
        uploads.set(name, {
          bytes: Buffer.from(await value.arrayBuffer()),
          fileName: value.name,
          mimeType: value.type || 'application/octet-stream',
        });
    }
    for (const [name, value] of Object.entries(values)) {
      const attached =
        typeof value === 'string' && value.startsWith('attach://') ? uploads.get(value.slice(9)) : undefined;
      if (attached) files[name] = attached;
    }
    for (const [name, file] of uploads) if (!(name in files) && !(name in values)) files[name] = file;
  }
  return { values, files };
}

/** A parameter that may arrive as JSON text (multipart) or already parsed (JSON body). */
export function jsonParam<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}
