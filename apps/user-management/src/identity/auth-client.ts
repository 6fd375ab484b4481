import { errorCodes, PlatformError } from '@lifeosai/errors';
import { SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import { type Identity, identitySchema } from './identity.ts';

/** What a client sent to prove who it is; forwarded to the auth service as is. */
export interface Credentials {
  cookie?: string;
  authorization?: string;
}

/** The result of asking the auth service who is calling. */
export type IdentityLookup =
  | {
      status: 'ok';
      identity: Identity;
      /** When the credential expires by itself (epoch ms), if it does. */
      expiresAt?: number;
    }
  | { status: 'anonymous' }
  /** Signed in, but without an active organization (the user left or was removed from it). */
  | { status: 'no-organization' };

/**
 * Contract: resolves who `credentials` belong to; never caches. Rejects with
 * `AUTH_UNAVAILABLE` (503) when the auth service cannot answer.
 */
export type IdentityResolver = (credentials: Credentials, requestId?: string) => Promise<IdentityLookup>;

/** Calls the auth service's internal route `GET /internal/identity` with the auth service's token. */
export function createIdentityResolver(options: {
  authUrl: string;
  /** `serviceToken(secret, 'auth')`: `/internal/*` answers nothing without it. */
  authToken: string;
  fetch?: typeof fetch;
}): IdentityResolver {
  const fetcher = options.fetch ?? fetch;
  const url = new URL('/internal/identity', options.authUrl);
  return async (credentials, requestId) => {
    if (!credentials.cookie && !credentials.authorization) return { status: 'anonymous' };
    let response: Response;
    try {
      response = await fetcher(url, {
        headers: {
          [SERVICE_TOKEN_HEADER]: options.authToken,
          ...(credentials.cookie && { cookie: credentials.cookie }),
          ...(credentials.authorization && { authorization: credentials.authorization }),
          ...(requestId && { 'x-request-id': requestId }),
        },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw authUnavailable(cause);
    }
    if (response.status === 401 || response.status === 403) {
      const body = (await response.json().catch(() => undefined)) as
        | { error?: { code?: string } }
        | undefined;
      // Our own credential refused is a misconfiguration, not an anonymous caller: say so.
      if (body?.error?.code === errorCodes.SERVICE_CREDENTIAL_REQUIRED.code) {
        throw authUnavailable(
          new Error(
            'the auth service refused the service token: do both services share LIFEOSAI_SERVICE_SECRET?',
          ),
        );
      }
      return { status: 'anonymous' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw authUnavailable(new Error(`auth service answered ${response.status}`));
    }
    const parsed = identitySchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw authUnavailable(parsed.error);
    const { orgId, role, keyId, via, expiresAt, ...rest } = parsed.data;
    if (!orgId || !role) return { status: 'no-organization' };
    const expiry = expiresAt ? Date.parse(expiresAt) : Number.NaN;
    return {
      status: 'ok',
      ...(!Number.isNaN(expiry) && { expiresAt: expiry }),
      identity: {
        ...rest,
        orgId,
        role,
        via: via === 'api-key' || via === 'apiKey' || via === 'api_key' ? 'api-key' : 'session',
        ...(keyId && { keyId }),
      },
    };
  };
}

function authUnavailable(cause: unknown): PlatformError {
  return new PlatformError(
    'AUTH_UNAVAILABLE',
    'The auth service did not answer; retry shortly (is it running?).',
    { cause },
  );
}
