import { providerIds } from '@lifeosai/config';
import { SECRET_NAME } from '@lifeosai/secrets/secret-ref';
import { z } from 'zod';
import { channelTypes } from './channel.ts';
import { timestampSchema } from './fields.ts';

/** A stored secret's name, as `secret:NAME` references it. */
export const secretNameSchema = z
  .string()
  .regex(SECRET_NAME, 'letters, digits, _ . - (starting with a letter, digit or _), up to 128 characters');

/** A secret's value: write-only, never in any answer. */
const secretValueSchema = z
  .string()
  .min(1, 'a secret needs a non-empty value')
  .max(64 * 1024);

/** `POST /api/secrets`. */
export const createSecretBody = z.object({ name: secretNameSchema, value: secretValueSchema });

/** `PUT /api/secrets/:name`: a new value. */
export const rotateSecretBody = z.object({ value: secretValueSchema });

/** A stored secret: its name and dates only; the value is write-only. */
export const secretSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: timestampSchema,
  /** When its value was last set. */
  updatedAt: timestampSchema,
});

/** A secret as `GET /api/secrets` lists it: with the provider whose key it holds, if any. */
export const secretListItemSchema = secretSchema.extend({
  /**
   * The provider whose API key this secret is (`/api/models`, Settings → Model providers); such a
   * secret is changed or removed there, and `DELETE /api/secrets/:name` refuses it. Null otherwise.
   */
  provider: z.enum(providerIds).nullable(),
  /**
   * The agent's channel whose bot token or webhook secret this is; such a secret changes with
   * the channel (`PATCH /api/agent/channels/:id`) and goes when it is disconnected, and
   * `DELETE` and `PUT /api/secrets/:name` refuse it. Null otherwise.
   */
  channel: z.object({ id: z.string(), agentId: z.string(), type: z.enum(channelTypes) }).nullable(),
});

/** `GET /api/secrets`. */
export const secretListSchema = z.object({ items: z.array(secretListItemSchema) });

export type Secret = z.infer<typeof secretSchema>;
export type SecretListItem = z.infer<typeof secretListItemSchema>;
