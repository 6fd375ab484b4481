import { providerIds } from '@lifeosai/config';
import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/** What one provider's settings show: never the key, only whether there is one. */
export const providerSettingsSchema = z.object({
  /** `anthropic`, `openai` (any OpenAI-compatible endpoint) or `google` (Gemini). */
  provider: z.enum(providerIds),
  /** The provider's name, for people. */
  label: z.string(),
  /** The base URL requests go to (the provider's public one unless set). */
  baseUrl: z.string(),
  /** True when the organization set its own base URL. */
  customBaseUrl: z.boolean(),
  /** The model agents use when they name none. */
  defaultModel: z.string().nullable(),
  /** A key is configured (and its secret exists); the key itself is never returned. */
  hasKey: z.boolean().describe('A key is configured; the key itself is never returned.'),
  /** `stored`: given as a value to `/api/models`; `secret`: an org secret named by `apiKeySecret`. */
  keySource: z.enum(['stored', 'secret']).nullable(),
  /** The org secret holding the key when `keySource` is `secret`. */
  apiKeySecret: z.string().nullable(),
  /** When the settings last changed. */
  updatedAt: timestampSchema,
});

/** Why a request to a provider failed (a failure is data: `ok: false`, or a model list's `error`). */
export const providerErrorCodes = [
  'PROVIDER_KEY_MISSING',
  'PROVIDER_UNREACHABLE',
  'PROVIDER_TIMEOUT',
  'PROVIDER_AUTH_FAILED',
  'PROVIDER_NOT_FOUND',
  'PROVIDER_ERROR',
  'PROVIDER_BAD_RESPONSE',
] as const;

/** A failed provider request: a code and a message a person can act on. */
export const providerErrorSchema = z.object({
  /** One of `providerErrorCodes`. */
  code: z.enum(providerErrorCodes),
  /** What happened and what to do. */
  message: z.string(),
});

/** One model a provider offers. */
export const providerModelSchema = z.object({
  /** The id to put in an agent's `model`. */
  id: z.string(),
  /** The provider's name for it, when it differs from the id. */
  displayName: z.string().optional(),
});

/** `GET /api/models`: each configured provider's settings and the models it offers (asked live). */
export const modelListSchema = z.object({
  items: z.array(
    providerSettingsSchema.extend({
      /** The models the provider lists; empty when it could not be asked. */
      models: z.array(providerModelSchema),
      /** Why the list could not be fetched. */
      error: providerErrorSchema.optional(),
    }),
  ),
});

/** `POST /api/models/:provider/test`: always 200; `ok` says whether it worked and `error` why not. */
export const connectionTestSchema = z.object({
  /** The provider tested. */
  provider: z.enum(providerIds),
  /** The base URL the test asked. */
  baseUrl: z.string(),
  /** Whether the model list came back. */
  ok: z.boolean(),
  /** How long the request took; absent when no request was made (no key). */
  latencyMs: z.number().int().optional(),
  /** How many models the provider listed, when `ok`. */
  modelCount: z.number().int().optional(),
  /** Why it failed, when not `ok`. */
  error: providerErrorSchema.optional(),
});

export type ProviderSettings = z.infer<typeof providerSettingsSchema>;
export type ProviderError = z.infer<typeof providerErrorSchema>;
export type ProviderModel = z.infer<typeof providerModelSchema>;
export type ModelList = z.infer<typeof modelListSchema>;
/** One provider in `GET /api/models`: its settings, models and why they could not be listed. */
export type ProviderView = ModelList['items'][number];
export type ConnectionTest = z.infer<typeof connectionTestSchema>;
