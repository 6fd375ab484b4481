import { type AuthMethods, fallbackAuthMethods, parseAuthMethods } from './auth-methods.ts';
import { gatewayOrigin } from './gateway-origin.ts';

/**
 * Server components only: asks the gateway (the same one `/api/*` is proxied to) which sign-in
 * methods are on. A gateway that is down or slow gives email and password only, so the page
 * still renders; the form then reports the real error when it is used.
 */
export async function loadAuthMethods(): Promise<AuthMethods> {
  try {
    const response = await fetch(`${gatewayOrigin()}/api/auth/methods`, {
      cache: 'no-store',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) return fallbackAuthMethods;
    return parseAuthMethods(await response.json());
  } catch {
    return fallbackAuthMethods;
  }
}
