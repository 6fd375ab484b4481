import { z } from 'zod';

/** Endpoints and defaults of the OAuth providers the platform knows by id; the operator adds the client. */
export const knownOAuthProviders = {
  google: {
    name: 'Google',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    scopes: ['openid', 'email'],
    env: 'GOOGLE_ACCESS_TOKEN',
    /** Google gives a refresh token only when asked for offline access with consent. */
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
  },
  microsoft: {
    name: 'Microsoft',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: ['openid', 'email', 'offline_access'],
    env: 'MICROSOFT_ACCESS_TOKEN',
    authorizeParams: {},
  },
  github: {
    name: 'GitHub',
    authorizeUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    scopes: ['repo'],
    env: 'GITHUB_TOKEN',
    authorizeParams: {},
  },
} as const satisfies Record<
  string,
  {
    name: string;
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl?: string;
    scopes: readonly string[];
    env: string;
    authorizeParams: Record<string, string>;
  }
>;

const environmentName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'expected an environment variable name like GITHUB_TOKEN');

/**
 * One provider under `oauthProviders` in config.json, keyed by its id. For `google`,
 * `microsoft` and `github` only the client is needed; any other id needs its URLs.
 * `clientSecret` is a reference (`env:VARIABLE`), never the secret itself.
 */
export const oauthProviderConfigSchema = z
  .object({
    name: z.string().min(1).max(80).optional(),
    authorizeUrl: z.url().optional(),
    tokenUrl: z.url().optional(),
    /** RFC 7009 revocation endpoint; without one, revoking forgets the tokens here only. */
    revokeUrl: z.url().optional(),
    clientId: z.string().min(1),
    clientSecret: z
      .string()
      .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'expected env:VARIABLE naming where the secret is'),
    scopes: z.array(z.string().min(1)).max(100).optional(),
    /** The environment variable a run gets the access token in, unless the agent names another. */
    env: environmentName.optional(),
    /** Extra query parameters for the authorize URL. */
    authorizeParams: z.record(z.string(), z.string()).optional(),
    /**
     * How the client authenticates at the token and revoke endpoints: the secret in the form
     * (`client_secret_post`, the default; Google, Microsoft and GitHub take it) or HTTP Basic.
     */
    tokenAuthMethod: z.enum(['client_secret_post', 'client_secret_basic']).optional(),
  })
  .strict();

export type OAuthProviderConfig = z.infer<typeof oauthProviderConfigSchema>;

export const oauthProvidersSchema = z
  .record(
    z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a lowercase id like github'),
    oauthProviderConfigSchema,
  )
  .default({})
  .superRefine((providers, context) => {
    for (const [id, provider] of Object.entries(providers)) {
      if (id in knownOAuthProviders) continue;
      for (const field of ['authorizeUrl', 'tokenUrl'] as const) {
        if (!provider[field])
          context.addIssue({
            code: 'custom',
            path: [id, field],
            message: `${id} is not a known provider: give its ${field}`,
          });
      }
    }
  });

/** A configured provider with every default filled in. */
export interface ResolvedOAuthProvider {
  id: string;
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  clientId: string;
  /** `env:VARIABLE`. */
  clientSecret: string;
  scopes: string[];
  env: string;
  authorizeParams: Record<string, string>;
  /** How the client authenticates at the token and revoke endpoints. */
  tokenAuthMethod: 'client_secret_post' | 'client_secret_basic';
}

/** The configured providers with the known providers' endpoints and defaults filled in. */
export function resolveOAuthProviders(
  providers: Record<string, OAuthProviderConfig>,
): ResolvedOAuthProvider[] {
  return Object.entries(providers).map(([id, provider]) => {
    const known = (
      knownOAuthProviders as Record<string, (typeof knownOAuthProviders)[keyof typeof knownOAuthProviders]>
    )[id];
    return {
      id,
      name: provider.name ?? known?.name ?? id,
      authorizeUrl: provider.authorizeUrl ?? known!.authorizeUrl,
      tokenUrl: provider.tokenUrl ?? known!.tokenUrl,
      ...((provider.revokeUrl ?? (known && 'revokeUrl' in known ? known.revokeUrl : undefined)) && {
        revokeUrl: provider.revokeUrl ?? (known as { revokeUrl: string }).revokeUrl,
      }),
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: provider.scopes ?? [...(known?.scopes ?? [])],
      env: provider.env ?? known?.env ?? `${id.toUpperCase().replace(/-/g, '_')}_ACCESS_TOKEN`,
      authorizeParams: { ...(known?.authorizeParams ?? {}), ...(provider.authorizeParams ?? {}) },
      tokenAuthMethod: provider.tokenAuthMethod ?? 'client_secret_post',
    };
  });
}
