import type { Api, Credential, CredentialInfo, CredentialStore, Model } from '@earendil-works/pi-ai';
import type { ModelRuntime } from '@earendil-works/pi-coding-agent';
import type { PiProvider, PiThinkingLevel } from '../shared/config.ts';
import { catalogModel } from '../shared/model-catalog.ts';
import { pi } from './pi-sdk.ts';

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
  const runtime = await pi.ModelRuntime.create({
    credentials: new RunCredentials(),
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

/**
 * The runtime's credential store: in memory, for this run only (the key comes with the
 * provider's registration above, never from a file). pi-ai's own in-memory store is not
 * used: it would load pi-ai a second time beside Pi's bundle (see `pi-sdk.ts`).
 */
class RunCredentials implements CredentialStore {
  readonly #credentials = new Map<string, Credential>();

  async read(providerId: string): Promise<Credential | undefined> {
    return this.#credentials.get(providerId);
  }

  async list(): Promise<readonly CredentialInfo[]> {
    return [...this.#credentials].map(([providerId, credential]) => ({ providerId, type: credential.type }));
  }

  async modify(
    providerId: string,
    change: (current: Credential | undefined) => Promise<Credential | undefined>,
  ): Promise<Credential | undefined> {
    const current = this.#credentials.get(providerId);
    const next = await change(current);
    if (next !== undefined) this.#credentials.set(providerId, next);
    return next ?? current;
  }

  async delete(providerId: string): Promise<void> {
    this.#credentials.delete(providerId);
  }
}
