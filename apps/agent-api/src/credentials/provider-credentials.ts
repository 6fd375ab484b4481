import { type KnownProviderId, providerFacts, providerIds } from '@lifeosai/config';
import type { Database, ProviderSettings } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { ProviderCredentials } from '@lifeosai/harness-spec';
import { parseSecretRef, type SecretStore } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';

/** Which of the three sources supplied a provider's credential; `none` when none sets anything. */
export type CredentialSource = 'agent' | 'organization' | 'environment' | 'none';

/** Where one provider's calls go and with which key. */
export interface ResolvedCredential {
  /** The upstream base URL, in the provider SDK's convention, without a trailing slash. */
  baseUrl: string;
  /** Absent when the source supplying the base URL names no key. */
  apiKey?: string;
  source: CredentialSource;
}

/** The agent's own settings for one provider (see `agentProviderSettings`). */
export interface AgentProviderSetting {
  baseUrl?: string;
  /** Name of an organization secret holding the key. */
  apiKeySecret?: string;
}

/** The agent's own settings, per provider. */
export type AgentProviderSettings = Partial<Record<KnownProviderId, AgentProviderSetting>>;

/**
 * Resolves provider credentials as a whole, from ONE source per provider, in order: the
 * agent's own setting → the organization's provider settings (`/api/models`) → the service
 * environment (`ANTHROPIC_API_KEY`/`ANTHROPIC_BASE_URL`, …). The first source that sets a
 * base URL or a key supplies both; a missing base URL is the provider's public one, never
 * another source's. So a base URL a member set never receives the operator's key.
 *
 * Keys are read from the organization's stored secrets (`secret:NAME`) only: an `env:`
 * reference would let a member point a key at the service's environment.
 */
export interface CredentialResolver {
  /**
   * One provider's credential for an agent's model call. Rejects with `SECRET_NOT_FOUND`
   * (401) when the supplying source names a secret that does not exist.
   */
  forAgent(
    orgId: string,
    agent: AgentProviderSettings,
    provider: KnownProviderId,
  ): Promise<ResolvedCredential>;
  /**
   * Every provider's credential for an organization without an agent (environment checks and
   * model lists): organization → environment. A key that cannot be read is left out.
   */
  forOrganization(orgId: string): Promise<ProviderCredentials>;
}

export interface CredentialResolverOptions {
  db: Kysely<Database>;
  secrets: SecretStore;
  /** The service environment: the last source. */
  env: Record<string, string | undefined>;
  /** The public base URLs (default: `providerFacts`); a seam for tests. */
  defaultBaseUrls?: Partial<Record<KnownProviderId, string>>;
}

export function createCredentialResolver(options: CredentialResolverOptions): CredentialResolver {
  const publicUrl = (provider: KnownProviderId) =>
    options.defaultBaseUrls?.[provider] ?? providerFacts[provider].defaultBaseUrl;
  const credential = (
    provider: KnownProviderId,
    source: CredentialSource,
    baseUrl: string | null | undefined,
    apiKey: string | undefined,
  ): ResolvedCredential => ({
    baseUrl: (baseUrl || publicUrl(provider)).replace(/\/+$/, ''),
    ...(apiKey && { apiKey }),
    source,
  });

  const fromEnvironment = (provider: KnownProviderId): ResolvedCredential => {
    const facts = providerFacts[provider];
    const apiKey = options.env[facts.apiKeyVariable] || undefined;
    const baseUrl = options.env[facts.baseUrlVariable] || undefined;
    return apiKey || baseUrl
      ? credential(provider, 'environment', baseUrl, apiKey)
      : credential(provider, 'none', undefined, undefined);
  };

  const organizationRow = (orgId: string, provider: KnownProviderId) =>
    options.db
      .selectFrom('providerSettings')
      .selectAll()
      .where('orgId', '=', orgId)
      .where('provider', '=', provider)
      .executeTakeFirst();

  const revealKey = async (orgId: string, name: string, where: string): Promise<string> => {
    const value = await options.secrets.reveal(orgId, name);
    if (value !== undefined) return value;
    throw new PlatformError(
      'SECRET_NOT_FOUND',
      `${where} names the organization secret "${name}" as its API key, but there is no such secret; ` +
        'create it (Settings → Secrets) or change the key.',
      { status: 401 },
    );
  };

  const fromOrganization = async (
    row: ProviderSettings,
    provider: KnownProviderId,
  ): Promise<ResolvedCredential> => {
    const where = `The organization's ${providerFacts[provider].label} settings`;
    const apiKey = row.apiKeyRef
      ? await revealKey(row.orgId, storedSecretName(row.apiKeyRef, where), where)
      : undefined;
    return credential(provider, 'organization', row.baseUrl, apiKey);
  };

  const setsSomething = (row: ProviderSettings | undefined): row is ProviderSettings =>
    row !== undefined && (row.baseUrl !== null || row.apiKeyRef !== null);

  return {
    async forAgent(orgId, agent, provider) {
      const own = agent[provider];
      if (own && (own.baseUrl || own.apiKeySecret)) {
        const where = `The agent's ${providerFacts[provider].label} settings`;
        const apiKey = own.apiKeySecret ? await revealKey(orgId, own.apiKeySecret, where) : undefined;
        return credential(provider, 'agent', own.baseUrl, apiKey);
      }
      const row = await organizationRow(orgId, provider);
      if (setsSomething(row)) return fromOrganization(row, provider);
      return fromEnvironment(provider);
    },

    async forOrganization(orgId) {
      const resolved: Record<string, { apiKey?: string; baseUrl?: string }> = {};
      for (const provider of providerIds) {
        const row = await organizationRow(orgId, provider);
        const found = setsSomething(row)
          ? await fromOrganization(row, provider).catch(() =>
              credential(provider, 'organization', row.baseUrl, undefined),
            )
          : fromEnvironment(provider);
        resolved[provider] = {
          ...(found.apiKey && { apiKey: found.apiKey }),
          // The public base URL is the harness's own default: left out, as before.
          ...(found.baseUrl !== publicUrl(provider) && { baseUrl: found.baseUrl }),
        };
      }
      return resolved;
    },
  };
}

/** The secret name of an organization's key reference; `env:` references are refused. */
function storedSecretName(ref: string, where: string): string {
  const parsed = parseSecretRef(ref);
  if (parsed.source === 'secret') return parsed.name;
  throw new PlatformError(
    'SECRET_REF_REFUSED',
    `${where} point the API key at the service environment (env:${parsed.name}), which is refused; ` +
      'save the key itself or the name of an organization secret.',
  );
}

/**
 * Every provider's credential from the service environment alone, one source per provider
 * (the organization-less fallback of environment checks).
 */
export function credentialsFromEnvironment(env: Record<string, string | undefined>): ProviderCredentials {
  const credentials: Record<string, { apiKey?: string; baseUrl?: string }> = {};
  for (const provider of providerIds) {
    const { apiKeyVariable, baseUrlVariable } = providerFacts[provider];
    credentials[provider] = {
      ...(env[apiKeyVariable] && { apiKey: env[apiKeyVariable] }),
      ...(env[baseUrlVariable] && { baseUrl: env[baseUrlVariable] }),
    };
  }
  return credentials;
}
