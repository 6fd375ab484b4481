import type { ProviderCredentials } from '@lifeosai/harness-spec';

/**
 * Provider credentials from the service's environment — the last step of the lookup order
 * in the API contract (agent secret refs → org provider settings → environment). The org
 * settings step arrives with the gateway's `/api/models`.
 */
export function credentialsFromEnvironment(env: Record<string, string | undefined>): ProviderCredentials {
  const entry = (apiKey: string | undefined, baseUrl: string | undefined) => ({
    ...(apiKey && { apiKey }),
    ...(baseUrl && { baseUrl }),
  });
  return {
    anthropic: entry(env.ANTHROPIC_API_KEY, env.ANTHROPIC_BASE_URL),
    openai: entry(env.OPENAI_API_KEY, env.OPENAI_BASE_URL),
    google: entry(env.GEMINI_API_KEY, env.GEMINI_BASE_URL),
  };
}
