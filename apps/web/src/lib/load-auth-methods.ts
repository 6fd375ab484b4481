import { type AuthMethods, fallbackAuthMethods, parseAuthMethods } from './auth-methods.ts';

/**
 * Server components only: asks the gateway (the same one `/api/*` is proxied to) which sign-in
 * methods are on. A gateway that is down or slow gives email and password only, so the page
 * still renders; the form then reports the real error when it is used.
 */
export async function loadAuthMethods(): Promise<AuthMethods> {
  const host = process.env.LIFEOSAI_USER_MANAGEMENT_HOST ?? '127.0.0.1';
  const port = process.env.LIFEOSAI_USER_MANAGEMENT_PORT ?? '3001';
  try {
    const response = await fetch(`http://${host}:${port}/api/auth/methods`, {
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
