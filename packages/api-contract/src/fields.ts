import { z } from 'zod';

/** An id in a path or a body: our ids are short printable tokens. */
export const idSchema = z.string().min(1).max(100);

/** `:id` path parameter. */
export const idParams = z.object({ id: idSchema });

/** An ISO 8601 UTC timestamp, as every response carries them. */
export const timestampSchema = z.string().describe('ISO 8601 date-time (UTC).');

/** A page cursor: send it back to get the next page; null on the last one. */
export const nextCursorSchema = z
  .string()
  .nullable()
  .describe('Send back as `cursor` for the next (older) page; null on the last page.');
