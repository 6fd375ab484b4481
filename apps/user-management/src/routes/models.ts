import type { ConnectionTest, ModelList, ProviderError, ProviderSettings } from '@lifeosai/api-contract';
import { secretNameSchema } from '@lifeosai/api-contract';
import { providerBaseUrlSchema } from '@lifeosai/config';
import type { Database } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { listProviderModels } from '../models/provider-client.ts';
import type { ProviderSettingsService } from '../models/provider-settings.ts';
import { type ProviderDefinition, type ProviderId, providerIds, providers } from '../models/providers.ts';

const baseUrlSchema = providerBaseUrlSchema;

export const providerSettingsBody = z
  .object({
    /** `null` goes back to the provider's public URL. */
    baseUrl: baseUrlSchema.nullish(),
    defaultModel: z.string().min(1).max(200).nullish(),
    /** The key itself: stored encrypted, never returned. */
    apiKey: z.string().min(1).max(8192).optional(),
    /** Or the name of an org secret that holds it; `null` removes the key. */
    apiKeySecret: secretNameSchema.nullish(),
  })
  .strict()
  .refine((body) => body.apiKey === undefined || body.apiKeySecret === undefined, {
    message: 'give apiKey or apiKeySecret, not both',
  });

export const testConnectionBody = z
  .object({
    /** Try these instead of the saved ones (to test before saving). */
    baseUrl: baseUrlSchema.optional(),
    apiKey: z.string().min(1).max(8192).optional(),
  })
  .strict();

function providerOf(params: unknown): ProviderId {
  const { provider } = params as { provider: string };
  if ((providerIds as readonly string[]).includes(provider)) return provider as ProviderId;
  throw new PlatformError(
    'NOT_FOUND',
    `No provider ${JSON.stringify(provider)}; the providers are ${providerIds.join(', ')}.`,
  );
}

/**
 * `/api/models`: the organization's LLM provider settings (base URL, key, default model), a
 * "test connection" action and the models each configured provider offers. Members read;
 * admins change settings and run tests.
 */
export function registerModelRoutes(
  scope: FastifyInstance,
  deps: { db: Kysely<Database>; settings: ProviderSettingsService; fetch?: typeof fetch },
): void {
  const { db, settings } = deps;

  scope.get('/api/models', async (request): Promise<ModelList> => {
    const configured = await settings.list(request.caller.orgId);
    const items = await Promise.all(
      configured.map(async (view) => {
        const target = (await settings.resolve(request.caller.orgId, view.provider))!;
        const definition = providers[view.provider];
        if (!target.apiKey && definition.keyRequired)
          return { ...view, models: [], error: keyMissing(definition) };
        const check = await listProviderModels(definition, target, { fetch: deps.fetch, timeoutMs: 5_000 });
        return check.ok ? { ...view, models: check.models } : { ...view, models: [], error: check.error };
      }),
    );
    return { items };
  });

  scope.get('/api/models/:provider', async (request): Promise<ProviderSettings> => {
    const provider = providerOf(request.params);
    const view = await settings.get(request.caller.orgId, provider);
    if (!view) throw notFound('settings for provider', provider);
    return view;
  });

  scope.put(
    '/api/models/:provider',
    { config: { minRole: 'admin' } },
    async (request): Promise<ProviderSettings> => {
      const provider = providerOf(request.params);
      const change = providerSettingsBody.parse(request.body ?? {});
      const view = await settings.update(request.caller.orgId, provider, change, request.caller.userId);
      await audit(db, request.caller, {
        action: 'provider.updated',
        targetType: 'provider',
        targetId: provider,
        data: {
          fields: Object.keys(change).filter((field) => change[field as keyof typeof change] !== undefined),
        },
      });
      return view;
    },
  );

  scope.delete('/api/models/:provider', { config: { minRole: 'admin' } }, async (request, reply) => {
    const provider = providerOf(request.params);
    if (!(await settings.remove(request.caller.orgId, provider)))
      throw notFound('settings for provider', provider);
    await audit(db, request.caller, {
      action: 'provider.deleted',
      targetType: 'provider',
      targetId: provider,
    });
    return reply.status(204).send();
  });

  scope.post(
    '/api/models/:provider/test',
    { config: { minRole: 'admin' } },
    async (request): Promise<ConnectionTest> => {
      const provider = providerOf(request.params);
      const override = testConnectionBody.parse(request.body ?? {});
      const saved = await settings.resolve(request.caller.orgId, provider);
      const definition = providers[provider];
      const baseUrl = override.baseUrl ?? saved?.baseUrl ?? definition.defaultBaseUrl;
      const apiKey = override.apiKey ?? saved?.apiKey;
      if (!apiKey && definition.keyRequired)
        return { provider, baseUrl, ok: false, error: keyMissing(definition) };
      const check = await listProviderModels(definition, { baseUrl, apiKey }, { fetch: deps.fetch });
      return check.ok
        ? { provider, baseUrl, ok: true, latencyMs: check.latencyMs, modelCount: check.models.length }
        : { provider, baseUrl, ok: false, latencyMs: check.latencyMs, error: check.error };
    },
  );
}

function keyMissing(definition: ProviderDefinition): ProviderError {
  return {
    code: 'PROVIDER_KEY_MISSING',
    message: `No ${definition.label} API key is configured; add one in Settings → Model providers, or send apiKey to test one (API: PUT /api/models/${definition.id} {apiKey}).`,
  };
}
