import { type KnownProviderId, type ProviderFacts, providerFacts, providerIds } from '@lifeosai/config';

/**
 * The LLM providers an organization can configure: the platform's one list
 * (`@lifeosai/config`'s `providerIds` and `providerFacts`: labels, public base URLs in each
 * vendor SDK's convention, key headers) plus what the gateway's model listing needs.
 */
export { providerIds };
export type ProviderId = KnownProviderId;

export interface ProviderDefinition extends ProviderFacts {
  id: ProviderId;
  /** Whether a request without a key can work (local OpenAI-compatible servers need none). */
  keyRequired: boolean;
  /** The model-list endpoint under `baseUrl`. */
  modelsUrl(baseUrl: string): string;
  /** Headers of a model-list request, with the key when there is one. */
  authHeaders(apiKey: string | undefined): Record<string, string>;
}

function definition(
  id: ProviderId,
  own: Pick<ProviderDefinition, 'keyRequired' | 'modelsUrl'> & { extraHeaders?: Record<string, string> },
): ProviderDefinition {
  const facts = providerFacts[id];
  return {
    ...facts,
    id,
    keyRequired: own.keyRequired,
    modelsUrl: own.modelsUrl,
    authHeaders: (apiKey) => ({ ...own.extraHeaders, ...(apiKey && facts.keyHeaders(apiKey)) }),
  };
}

export const providers: Record<ProviderId, ProviderDefinition> = {
  anthropic: definition('anthropic', {
    keyRequired: true,
    modelsUrl: (baseUrl) => `${baseUrl}/v1/models`,
    extraHeaders: { 'anthropic-version': '2023-06-01' },
  }),
  openai: definition('openai', { keyRequired: false, modelsUrl: (baseUrl) => `${baseUrl}/models` }),
  google: definition('google', { keyRequired: true, modelsUrl: (baseUrl) => `${baseUrl}/v1beta/models` }),
};

/** The name of the stored secret that holds a key given to `/api/models` as a value. */
export function managedKeySecretName(provider: ProviderId): string {
  return `provider.${provider}.apiKey`;
}
