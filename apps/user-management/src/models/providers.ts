/**
 * The LLM providers an organization can configure, named as in the harness contract's
 * `ProviderId`: `openai` is any OpenAI-compatible endpoint, `google` is Gemini. Base URLs follow
 * each vendor SDK's convention (and the `*_BASE_URL` variables the harnesses read): Anthropic's
 * and Gemini's without a version, OpenAI-compatible ones ending in `/v1`.
 */
export const providerIds = ['anthropic', 'openai', 'google'] as const;
export type ProviderId = (typeof providerIds)[number];

export interface ProviderDefinition {
  id: ProviderId;
  /** For people: "Anthropic", "OpenAI-compatible", "Google Gemini". */
  label: string;
  defaultBaseUrl: string;
  /** Whether a request without a key can work (local OpenAI-compatible servers need none). */
  keyRequired: boolean;
  /** The model-list endpoint under `baseUrl`. */
  modelsUrl(baseUrl: string): string;
  /** Headers that carry the key (never the URL: URLs end up in logs). */
  authHeaders(apiKey: string | undefined): Record<string, string>;
}

export const providers: Record<ProviderId, ProviderDefinition> = {
  anthropic: {
    id: 'anthropic',
    label: 'Anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    keyRequired: true,
    modelsUrl: (baseUrl) => `${baseUrl}/v1/models`,
    authHeaders: (apiKey) => ({ 'anthropic-version': '2023-06-01', ...(apiKey && { 'x-api-key': apiKey }) }),
  },
  openai: {
    id: 'openai',
    label: 'OpenAI-compatible',
    defaultBaseUrl: 'https://api.openai.com/v1',
    keyRequired: false,
    modelsUrl: (baseUrl) => `${baseUrl}/models`,
    authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  },
  google: {
    id: 'google',
    label: 'Google Gemini',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    keyRequired: true,
    modelsUrl: (baseUrl) => `${baseUrl}/v1beta/models`,
    authHeaders: (apiKey): Record<string, string> => (apiKey ? { 'x-goog-api-key': apiKey } : {}),
  },
};

/** The name of the stored secret that holds a key given to `/api/models` as a value. */
export function managedKeySecretName(provider: ProviderId): string {
  return `provider.${provider}.apiKey`;
}
