import type { Database } from '@lifeosai/db';
import type { ProviderCredential, ProviderCredentials } from '@lifeosai/harness-spec';
import { resolveSecretRef, type SecretStore } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';

const providers = ['anthropic', 'openai', 'google'] as const;

/**
 * Provider credentials from the service's environment — the last step of the lookup order
 * in the API contract.
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

/**
 * Credentials for a run of one organization: its provider settings (`/api/models` on the
 * gateway: base URL and a `secret:`/`env:` reference to the key) first, then the service's
 * environment, field by field. Revealed keys join the shared redactor inside the store.
 */
export function createCredentialResolver(options: {
  db: Kysely<Database>;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
}): (orgId: string) => Promise<ProviderCredentials> {
  const fallback = credentialsFromEnvironment(options.env);
  return async (orgId) => {
    const settings = await options.db
      .selectFrom('providerSettings')
      .selectAll()
      .where('orgId', '=', orgId)
      .execute();
    const resolved: Record<string, ProviderCredential> = {};
    for (const provider of providers) {
      const setting = settings.find((row) => row.provider === provider);
      const apiKey = setting?.apiKeyRef
        ? await resolveSecretRef(setting.apiKeyRef, {
            env: options.env,
            lookupStored: (name) => options.secrets.reveal(orgId, name),
          }).catch(() => undefined)
        : undefined;
      const base = fallback[provider] ?? {};
      resolved[provider] = {
        ...base,
        ...(setting?.baseUrl && { baseUrl: setting.baseUrl }),
        ...(apiKey && { apiKey }),
      };
    }
    return resolved;
  };
}
