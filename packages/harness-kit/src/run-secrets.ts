import type { ProviderCredentials } from '@lifeosai/harness-spec';

/** The values of a run to mask in everything it reports: every credential's key. */
export function runSecrets(credentials: ProviderCredentials): string[] {
  return Object.values(credentials).flatMap((credential) => (credential?.apiKey ? [credential.apiKey] : []));
}
