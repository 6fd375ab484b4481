import type { ErrorCode } from '@lifeosai/errors';

/**
 * Plain words for the codes the auth service answers with, or appends as `?error=` when it
 * sends the browser back (verification links, reset links, Google/Microsoft sign-in).
 * Codes are better-auth's: upper-case from its API, lower-case from its OAuth callback.
 */
const messages: Record<string, string> = {
  INVALID_TOKEN:
    'This link is not valid: it was already used, replaced by a newer one, or copied incompletely.',
  TOKEN_EXPIRED: 'This link has expired.',
  USER_NOT_FOUND: 'No account uses this email address.',
  EMAIL_NOT_VERIFIED: 'Your email address is not verified yet. Open the link we sent you, or get a new one.',
  EMAIL_ALREADY_VERIFIED: 'This email address is already verified: you can sign in.',
  INVALID_EMAIL_OR_PASSWORD: 'Wrong email or password.',
  PASSWORD_TOO_SHORT: 'The password is too short.',
  PASSWORD_TOO_LONG: 'The password is too long.',
  BANNED_USER: 'This account is disabled. Ask the administrator of this instance to enable it.',
  RATE_LIMITED: 'Too many attempts. Wait a few seconds and try again.',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL:
    'An account with this email address already exists. Sign in instead.',
  USER_ALREADY_EXISTS: 'An account with this email address already exists. Sign in instead.',
  state_mismatch: 'Sign-in was started in another browser or tab. Start again here.',
  please_restart_the_process: 'Sign-in took too long. Start again.',
  account_not_linked:
    'An account with this email address exists, but it is not linked to this provider. Sign in with your password.',
  unable_to_link_account: 'This provider account could not be linked to your account.',
  email_not_found: 'The provider did not share an email address, which an account needs.',
  signup_disabled: 'New accounts cannot be created with this provider.',
  access_denied: 'Sign-in was cancelled at the provider.',
};

/** Codes whose message from the service is the better one: a rate limit's says when to try again. */
const servicesOwnWords = new Set<string>(['RATE_LIMITED', 'PASSWORD_TOO_WEAK'] satisfies ErrorCode[]);

/** The message for `code`, or `fallback` (the service's message) when the code is not one we know. */
export function authMessage(code: string | null | undefined, fallback?: string): string {
  if (code && fallback && servicesOwnWords.has(code)) return fallback;
  if (code && messages[code]) return messages[code];
  if (fallback) return fallback;
  return code ? `Something went wrong (${code}). Try again.` : 'Something went wrong. Try again.';
}
