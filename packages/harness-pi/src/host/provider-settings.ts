import { providerFacts } from '@lifeosai/config/providers';
import type { AgentProviderSettings, ProviderCredentials } from '@lifeosai/harness-spec';
import type { PiConfig, PiProvider } from '../shared/config.ts';
import { defaultModelId } from '../shared/model-catalog.ts';

/** pi-ai's Google client takes a base URL that already holds the API version. */
const geminiApiVersion = '/v1beta';

/** The provider, model, endpoint and key a run uses. */
export interface ProviderSettings {
  readonly provider: PiProvider;
  readonly modelId: string;
  /** The base URL in pi-ai's convention (Gemini's with its version). */
  readonly baseUrl: string;
  /** Absent when none is configured. */
  readonly apiKey?: string;
  /** Whether a run can work without a key: an OpenAI-compatible server of one's own may need none. */
  readonly keyOptional: boolean;
}

/**
 * Resolves a config against the run's credentials: the credential's base URL, else the
 * public one. The config's `baseUrl` is not read here: the platform has already resolved it
 * as the agent's own provider setting (`agentProviderSettings`), and during a run the
 * credentials point at the platform's LLM proxy.
 */
export function providerSettings(config: PiConfig, credentials: ProviderCredentials): ProviderSettings {
  const provider = config.provider;
  const credential = credentials[provider];
  const base = (credential?.baseUrl ?? providerFacts[provider].defaultBaseUrl).replace(/\/+$/, '');
  return {
    provider,
    modelId: config.model ?? defaultModelId(provider),
    baseUrl: provider === 'google' ? `${base}${geminiApiVersion}` : base,
    ...(credential?.apiKey ? { apiKey: credential.apiKey } : {}),
    keyOptional: provider === 'openai' && base !== providerFacts.openai.defaultBaseUrl,
  };
}

/**
 * `Harness.agentProviderSettings`: the config's `baseUrl` is the agent's own base URL for its
 * provider. A Gemini base URL written in pi-ai's convention (ending in `/v1beta`) is taken
 * back to the SDK convention the platform uses.
 */
export function piAgentProviderSettings(config: PiConfig): AgentProviderSettings {
  if (config.baseUrl === undefined) return {};
  const trimmed = config.baseUrl.replace(/\/+$/, '');
  const baseUrl =
    config.provider === 'google' && trimmed.endsWith(geminiApiVersion)
      ? trimmed.slice(0, -geminiApiVersion.length)
      : trimmed;
  return { [config.provider]: { baseUrl } };
}
