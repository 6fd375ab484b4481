import { z } from 'zod';
import { badRequest } from '../http/errors.ts';

/**
 * Where a newest-first page ended: the last row's creation time (exactly as the database
 * returned it, so comparing against it is exact on both dialects) and its id (the tie-break).
 */
export interface PagePosition {
  createdAt: string | number;
  id: string;
}

const positionSchema = z.object({
  createdAt: z.union([z.string().min(1).max(64), z.number()]),
  id: z.string().min(1).max(200),
});

/** The opaque `nextCursor` a client sends back as `?cursor=`. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** Reads a cursor this API issued; anything else is a 400 naming the parameter. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    return positionSchema.parse({ createdAt, id });
  } catch {
    throw badRequest('cursor: not a cursor this API returned; start again without it.');
  }
}
