export { type LoadConfigOptions, loadConfig } from './load-config.ts';
export {
  knownOAuthProviders,
  type OAuthProviderConfig,
  oauthProviderConfigSchema,
  type ResolvedOAuthProvider,
  resolveOAuthProviders,
} from './oauth-providers.ts';
export { databaseFileFor, filesRootFor } from './paths.ts';
export { defaultFreePlan, type Plan, planSchema, plansOf } from './plans.ts';
export {
  isKnownProviderId,
  type KnownProviderId,
  type ProviderFacts,
  providerBaseUrlSchema,
  providerEnvironmentVariables,
  providerFacts,
  providerIds,
} from './providers.ts';
export { configSchema, environmentKeys, type LifeosConfig, logFormatOf } from './schema.ts';
export { webOrigins } from './web-origins.ts';
