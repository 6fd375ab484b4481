import type { ErrorCode } from '@lifeosai/errors';

/** What a callback's `?error=CODE` means, for the person who just came back from the provider. */
const callbackErrors: Partial<Record<ErrorCode, string>> = {
  OAUTH_CONSENT_DENIED: 'The provider says access was not granted. Connect again and allow access.',
  OAUTH_TOKEN_FAILED:
    'The provider did not hand over a token. Try again; if it keeps failing, an admin should check the client id and secret configured for it.',
  OAUTH_STATE_INVALID:
    'That sign-in link was not started here, was used already, or is more than 10 minutes old. Nothing was connected; connect again.',
  OAUTH_PROVIDER_UNKNOWN: 'That provider is not configured on this instance.',
};

export function callbackErrorText(code: string): string {
  return callbackErrors[code as ErrorCode] ?? `The connection was not made (${code.slice(0, 60)}).`;
}

/** "in 45 minutes", "2 hours ago": when a token expires, roughly. */
export function relativeTime(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}
