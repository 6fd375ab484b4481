import type { ProviderCredentials } from '@lifeosai/harness-spec';
import type { PiConfig, PiProvider } from './config.ts';
import { defaultModelId } from './model-catalog.ts';

/** Public endpoints, used when neither the config nor the credentials name one. */
const defaultBaseUrls: Readonly<Record<PiProvider, string>> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
};

/** The provider, model, endpoint and key a run uses. */
export interface ProviderSettings {
  readonly provider: PiProvider;
  readonly modelId: string;
  readonly baseUrl: string;
  /** Absent when none is configured. */
  readonly apiKey?: string;
  /** Whether a run can work without a key: an OpenAI-compatible server of one's own may need none. */
  readonly keyOptional: boolean;
}

/** Resolves a config against the run's credentials: config first, then credentials, then defaults. */
export function providerSettings(config: PiConfig, credentials: ProviderCredentials): ProviderSettings {
  const provider = config.provider;
  const credential = credentials[provider];
  const baseUrl = config.baseUrl ?? credential?.baseUrl ?? defaultBaseUrls[provider];
  return {
    provider,
    modelId: config.model ?? defaultModelId(provider),
    baseUrl,
    ...(credential?.apiKey ? { apiKey: credential.apiKey } : {}),
    keyOptional: provider === 'openai' && baseUrl !== defaultBaseUrls.openai,
  };
}
