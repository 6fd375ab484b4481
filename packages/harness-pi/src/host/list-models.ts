import type { EnvironmentContext, ModelInfo } from '@lifeosai/harness-spec';
import { z } from 'zod';
import type { PiConfig, PiProvider } from '../shared/config.ts';
import { staticModels } from '../shared/model-catalog.ts';
import { piProviders } from './metadata.ts';
import { providerSettings } from './provider-settings.ts';

/** A live model list must answer quickly: pickers wait on it. */
const liveLookupTimeoutMs = 3000;

const openAiModelList = z.object({ data: z.array(z.looseObject({ id: z.string().min(1) })) });

/**
 * Models for the agent's provider (or every provider when no config is given). Static
 * lists, except for an OpenAI-compatible endpoint, which is asked (`GET {baseUrl}/models`):
 * a local model server serves whatever it has loaded. Never rejects: a failed lookup
 * falls back to the static list.
 */
export async function listPiModels(
  context: EnvironmentContext<PiConfig>,
  fetchImpl: typeof fetch,
): Promise<ModelInfo[]> {
  if (context.config !== undefined) return modelsFor(context.config, context, fetchImpl);
  const lists = await Promise.all(
    piProviders.map((provider) =>
      modelsFor(
        { provider, maxRetries: 0, thinking: 'off' },
        context,
        fetchImpl,
        provider !== piProviders[0], // one default per list: the default provider's
      ),
    ),
  );
  return lists.flat();
}

async function modelsFor(
  config: PiConfig,
  context: EnvironmentContext<PiConfig>,
  fetchImpl: typeof fetch,
  withoutDefault = false,
): Promise<ModelInfo[]> {
  const fallback = staticModels(config.provider);
  const models =
    config.provider === 'openai' ? ((await liveModels(config, context, fetchImpl)) ?? fallback) : fallback;
  return withoutDefault ? models.map(({ isDefault: _isDefault, ...model }) => model) : models;
}

async function liveModels(
  config: PiConfig,
  context: EnvironmentContext<PiConfig>,
  fetchImpl: typeof fetch,
): Promise<ModelInfo[] | undefined> {
  const settings = providerSettings(config, context.credentials);
  try {
    const response = await fetchImpl(`${settings.baseUrl.replace(/\/+$/, '')}/models`, {
      headers: settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {},
      signal: AbortSignal.any([context.signal, AbortSignal.timeout(liveLookupTimeoutMs)]),
    });
    if (!response.ok) return undefined;
    const parsed = openAiModelList.safeParse(await response.json());
    if (!parsed.success || parsed.data.data.length === 0) return undefined;
    const ids = parsed.data.data.map((model) => model.id).sort();
    const preferred = config.model !== undefined && ids.includes(config.model) ? config.model : ids[0];
    return ids.map((id) => ({
      id,
      displayName: id,
      provider: 'openai' satisfies PiProvider,
      ...(id === preferred ? { isDefault: true } : {}),
    }));
  } catch {
    return undefined;
  }
}
