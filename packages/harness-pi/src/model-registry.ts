import { type Api, InMemoryCredentialStore, type Model } from '@earendil-works/pi-ai';
import { ModelRuntime } from '@earendil-works/pi-coding-agent';
import type { PiProvider, PiThinkingLevel } from './config.ts';
import { catalogModel } from './model-catalog.ts';

/** Provider settings for one run, already resolved from config and credentials. */
export interface ModelSettings {
  readonly provider: PiProvider;
  readonly modelId: string;
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly thinking: PiThinkingLevel;
}

/** Which pi-ai API implementation speaks each provider's wire protocol. */
const apiOf: Readonly<Record<PiProvider, Api>> = {
  anthropic: 'anthropic-messages',
  openai: 'openai-completions',
  google: 'google-generative-ai',
};

/** pi-ai's implementation module of each API, which Pi imports lazily on the first call. */
const apiModules: Readonly<Record<PiProvider, string>> = {
  anthropic: '@earendil-works/pi-ai/api/anthropic-messages',
  openai: '@earendil-works/pi-ai/api/openai-completions',
  google: '@earendil-works/pi-ai/api/google-generative-ai',
};

/**
 * Starts loading the provider's API module (and its SDK) now, while the session is being
 * built, instead of on the first model call; Node's module cache makes Pi's own lazy
 * import of it free. Never rejects: a failure resurfaces on the call, as an error message.
 */
export function preloadProviderApi(provider: PiProvider): void {
  import(apiModules[provider]).catch(() => undefined);
}

/**
 * Pi provider id we register. Not Pi's own `anthropic`/`openai`: those come with built-in
 * credential lookups (env vars, auth.json, OAuth) that must not apply here.
 */
function piProviderId(provider: PiProvider): string {
  return `lifeosai-${provider}`;
}

/**
 * A model runtime that knows exactly one model, built in memory: no models.json, no
 * auth.json, no catalog refresh, credentials held in memory only. The model carries zero
 * prices on purpose — Pi then reports cost 0 and the platform's price table decides, so
 * every harness prices tokens the same way.
 */
export async function createModelRuntime(
  settings: ModelSettings,
): Promise<{ runtime: ModelRuntime; model: Model<Api> }> {
  const runtime = await ModelRuntime.create({
    credentials: new InMemoryCredentialStore(),
    modelsPath: null,
    refreshOnCreate: false,
    allowModelNetwork: false,
  });
  const known = catalogModel(settings.provider, settings.modelId);
  const providerId = piProviderId(settings.provider);
  runtime.registerProvider(providerId, {
    name: `LIFEOSAI ${settings.provider}`,
    baseUrl: settings.baseUrl,
    api: apiOf[settings.provider],
    // Local OpenAI-compatible servers often need no key, but Pi refuses to call a
    // provider without one; any placeholder works for them.
    apiKey: settings.apiKey ?? 'no-key-configured',
    models: [
      {
        id: settings.modelId,
        name: known.displayName,
        reasoning: settings.thinking !== 'off',
        input: ['text', 'image'],
        cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
        contextWindow: known.contextWindow,
        maxTokens: known.maxOutputTokens,
      },
    ],
  });
  const model = runtime.getModel(providerId, settings.modelId);
  if (model === undefined) throw new Error(`Pi did not register the model ${settings.modelId}`);
  return { runtime, model };
}
