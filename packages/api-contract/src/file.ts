import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** A stored file's metadata (`POST /api/files`, `GET /api/files/:id`); the bytes are at `…/content`. */
export const fileMetaSchema = z.object({
  id: z.string(),
  /** Path-like name within the organization (may contain folders), unique there. */
  name: z.string(),
  /** Size in bytes. */
  size: z.number().int(),
  /** Hex SHA-256 of the bytes. */
  sha256: z.string(),
  /** The MIME type it was uploaded with. */
  contentType: z.string(),
  /** The user who uploaded it. */
  createdBy: z.string(),
  /** When it was uploaded. */
  createdAt: timestampSchema,
});

/** `GET /api/files`: a page of the organization's files, oldest first, and its storage use. */
export const filePageSchema = z.object({
  items: z.array(fileMetaSchema),
  /** Send back as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
  /** The organization's storage use against its quota. */
  usage: z.object({
    /** Bytes its files take. */
    usedBytes: z.number().int(),
    /** The most it may store. */
    quotaBytes: z.number().int(),
  }),
});

export type FileMeta = z.infer<typeof fileMetaSchema>;
export type FilePage = z.infer<typeof filePageSchema>;
