import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';

/** True when every %-escape of `url` decodes to UTF-8 (`%ff`, `%E0%A4%A`, `%zz` do not). */
export function isWellFormedUrl(url: string): boolean {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path (`name`, `items.2.title`) of the first string in `value` that holds a NUL
 * character, searching keys and values of plain objects and arrays; `undefined` when none.
 * Postgres cannot store NUL in text, and no field of ours has a use for it.
 */
export function findNulCharacter(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path.join('.') || 'value' : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  // Parsed input is plain objects (or null-prototype ones, as Fastify's params and query are);
  // streams, buffers and other class instances are not.
  const prototype = Object.getPrototypeOf(value);
  const plain =
    prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
  if (!plain) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\0')) return [...path, JSON.stringify(key)].join('.');
    const found = findNulCharacter(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refusals every route shares, before any handler runs: a URL whose %-escapes do not decode is
 * `400 BAD_URL` (Fastify's router catches them in the path, not in the query), and a NUL
 * character in a path parameter, the query or a JSON body is `400 INVALID_REQUEST` naming it.
 */
export function installRequestGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!isWellFormedUrl(request.url)) {
      throw new PlatformError(
        'BAD_URL',
        'The URL has a malformed %-escape (each % must start a UTF-8 byte like %C3%A9); fix the path or query.',
      );
    }
  });
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const field = findNulCharacter(value);
      if (field !== undefined) {
        throw new PlatformError(
          'INVALID_REQUEST',
          `${field === 'value' ? where : field}: contains a NUL character; remove it.`,
        );
      }
    }
  });
}
