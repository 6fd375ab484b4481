import { visibleName } from '@lifeosai/http-kit/visible-name';
import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** `POST /api/keys`. */
export const createKeyBody = z
  .object({
    /** What the key is for, for people. */
    name: visibleName({ max: 100 }),
    /** Days until the key stops working; no expiry when absent. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/** An API key without its secret part. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  /** First characters, to recognise the key. */
  start: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: timestampSchema.nullable(),
  /** When it stops working; null: never. */
  expiresAt: timestampSchema.nullable(),
  /** When it was last used. */
  lastRequest: timestampSchema.nullable(),
});

/** `GET /api/keys`: the caller's keys in the active organization. */
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });

/** The `201` answer: the key, with `key` shown this once. */
export const createdApiKeySchema = apiKeySchema.extend({
  name: z.string(),
  /** The whole key: shown only in this answer. */
  key: z.string(),
});

export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
