import { z } from 'zod';

/** `:id` path parameter: our ids are short printable tokens. */
export const idParams = z.object({ id: z.string().min(1).max(100) });
