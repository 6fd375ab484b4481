import type { SocialProviders } from '@better-auth/core/social-providers';
import type { GenericOAuthConfig } from 'better-auth/plugins/generic-oauth';

/** Google sign-in (an OAuth client of type "Web application"). */
export interface GoogleProviderOptions {
  clientId: string;
  clientSecret: string;
  /**
   * OpenID Connect discovery document. Default Google's
   * (`https://accounts.google.com/.well-known/openid-configuration`); tests point it at a local
   * provider.
   */
  discoveryUrl?: string;
}

/** Microsoft (Entra ID) sign-in. */
export interface MicrosoftProviderOptions {
  clientId: string;
  clientSecret: string;
  /** `common` (default: work, school and personal accounts), `organizations`, `consumers` or a tenant id. */
  tenantId?: string;
  /**
   * An OpenID Connect discovery document to use instead of Microsoft's fixed endpoints (one
   * issuer: a single tenant, or a local provider in tests).
   */
  discoveryUrl?: string;
}

export interface SocialProvidersOptions {
  google?: GoogleProviderOptions;
  microsoft?: MicrosoftProviderOptions;
}

export const googleDiscoveryUrl = 'https://accounts.google.com/.well-known/openid-configuration';

/**
 * How each provider is wired. Both keep better-auth's standard routes
 * (`POST /api/auth/sign-in/social {provider}` and `GET /api/auth/callback/<provider>`).
 *
 * - Google always goes through the generic OIDC plugin with a discovery URL: better-auth's
 *   built-in Google provider has Google's hosts written in, so it could never be tested
 *   offline, and with discovery the production path is the tested one (only the URL differs).
 *   The ID token is verified against the discovered issuer and JWKS, with nonce and PKCE.
 * - Microsoft without `discoveryUrl` uses better-auth's built-in provider, which knows the
 *   multi-tenant endpoints (`common`: the issuer differs per tenant, which a single discovered
 *   issuer cannot express). With `discoveryUrl` it goes through the generic plugin like Google.
 *
 * Discovery runs once when the service starts; a provider whose document cannot be fetched
 * is left out (logged) until the next start.
 */
export function socialSignIn(options: SocialProvidersOptions): {
  builtIn: SocialProviders;
  generic: GenericOAuthConfig[];
} {
  const builtIn: SocialProviders = {};
  const generic: GenericOAuthConfig[] = [];
  const { google, microsoft } = options;
  if (google) {
    generic.push({
      providerId: 'google',
      name: 'Google',
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      discoveryUrl: google.discoveryUrl ?? googleDiscoveryUrl,
      scopes: ['openid', 'email', 'profile'],
      requireIdTokenVerification: true,
    });
  }
  if (microsoft?.discoveryUrl) {
    generic.push({
      providerId: 'microsoft',
      name: 'Microsoft',
      clientId: microsoft.clientId,
      clientSecret: microsoft.clientSecret,
      discoveryUrl: microsoft.discoveryUrl,
      scopes: ['openid', 'email', 'profile'],
      requireIdTokenVerification: true,
    });
  } else if (microsoft) {
    builtIn.microsoft = {
      clientId: microsoft.clientId,
      clientSecret: microsoft.clientSecret,
      tenantId: microsoft.tenantId ?? 'common',
    };
  }
  return { builtIn, generic };
}
