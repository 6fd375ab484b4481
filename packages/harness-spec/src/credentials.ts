/**
 * A model provider a harness may call: an id of the platform's one provider list
 * (`@lifeosai/config`'s `providerIds`: `anthropic`, `openai` for any OpenAI-compatible endpoint,
 * `google`). The spec names none itself, so a provider is added in one place.
 */
export type ProviderId = string;

/** Resolved credentials for one provider. */
export interface ProviderCredential {
  /** The API key, already resolved from its secret reference; absent when none is configured. */
  readonly apiKey?: string;
  /** Base URL of the provider's API (a proxy, a gateway, a test fake); absent for the default. */
  readonly baseUrl?: string;
}

/**
 * Provider credentials for a run, resolved by the platform (agent secret → organization
 * settings → service environment) before the harness sees them.
 *
 * Since the LLM proxy, every run's credentials are the proxy's: a per-run token as `apiKey`
 * and the proxy's base URL for that provider (same path convention as the provider's SDK);
 * real keys never reach a harness during a run. `checkEnvironment` and `listModels` get the
 * organization's resolved credentials.
 *
 * Contract: a harness hands these to its runtime through environment variables or
 * in-process options only — never argv (visible to every user in `ps`), never files in
 * the workspace, never events or diagnostics. A provider missing here is not configured.
 */
export type ProviderCredentials = Readonly<Partial<Record<ProviderId, ProviderCredential>>>;
