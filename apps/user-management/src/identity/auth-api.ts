import { PlatformError } from '@lifeosai/errors';
import { serviceHeadersFor } from '../http/client-address.ts';

/** Who the gateway acts for when it calls a better-auth endpoint. */
export interface AuthCaller {
  /** The client's session cookie: better-auth checks its own rules against that user. */
  cookie: string;
  clientIp: string;
  requestId: string;
}

/**
 * Calls better-auth endpoints on the auth service on a signed-in user's behalf (organization
 * and API-key changes). The gateway has already resolved the caller and checked its own rules;
 * better-auth checks its rules again. The request carries the web origin, which better-auth
 * requires of cookie-authenticated writes (the gateway checked the client's own origin).
 */
export function createAuthApi(options: {
  authUrl: string;
  webOrigin: string;
  /** The auth service's service token, sent with the client's address (its rate limits key on it). */
  authToken: string;
  fetch?: typeof fetch;
}) {
  const fetcher = options.fetch ?? fetch;
  return {
    async post<T>(path: string, caller: AuthCaller, body: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetcher(new URL(`/api/auth${path}`, options.authUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: caller.cookie,
            origin: options.webOrigin,
            ...serviceHeadersFor(caller.clientIp, options.authToken),
            'x-request-id': caller.requestId,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (cause) {
        throw new PlatformError('AUTH_UNAVAILABLE', 'The auth service did not answer; retry shortly.', {
          cause,
        });
      }
      const text = await response.text();
      const parsed = parseJson(text);
      if (response.ok) return parsed as T;
      const { code, message } = (parsed ?? {}) as { code?: unknown; message?: unknown };
      const status = response.status >= 500 ? 502 : response.status;
      const refusal =
        typeof message === 'string' && message
          ? message
          : `The auth service refused the change (HTTP ${response.status}).`;
      // better-auth's own codes (its catalogue, not ours) are passed on as they are.
      if (typeof code === 'string' && code) throw PlatformError.relayed(code, refusal, status);
      throw new PlatformError(status >= 500 ? 'AUTH_FAILED' : 'AUTH_REQUEST_REFUSED', refusal, { status });
    },
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
