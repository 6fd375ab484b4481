import { createHmac } from 'node:crypto';

/**
 * Twilio's `X-Twilio-Signature` for a form-encoded POST, written from Twilio's documentation
 * ("Webhooks security") rather than taken from the `twilio` package, so a test that signs with
 * it checks our verification against an independent reading of the algorithm: the full URL
 * Twilio requested, followed by every POST parameter's name then value, sorted by name
 * (case-sensitive), HMAC-SHA1 keyed with the account's auth token, base64.
 */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  const names = Object.keys(params).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let payload = url;
  for (const name of names) payload += name + params[name];
  return createHmac('sha1', authToken).update(payload, 'utf8').digest('base64');
}
