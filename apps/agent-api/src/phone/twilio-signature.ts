import { PlatformError } from '@lifeosai/errors';
// The validator alone: the package's index would load Twilio's whole REST client.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { publicBase } from '../domain/phone/twilio-urls.ts';

/** A webhook's form fields as Twilio signs them (a repeated field is a list). */
export type TwilioParams = Record<string, string | string[]>;

/** Reads a form-encoded body; never throws (a malformed escape reads as it is). */
export function readForm(body: string): TwilioParams {
  const params: TwilioParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
}

/**
 * Checks `X-Twilio-Signature`: an HMAC-SHA1, with the account's auth token, of the URL Twilio
 * was told to call (`LIFEOSAI_PUBLIC_URL` + the request's path and query) and the sorted form
 * fields (the `twilio` package's `validateRequest`). Without an auth token or a public URL no
 * request can be told to be Twilio's, so none passes. `403 TWILIO_SIGNATURE_INVALID` otherwise.
 */
export function verifyTwilioSignature(
  config: { authToken?: string | undefined; publicUrl?: string | undefined },
  request: { url: string; signature: string | string[] | undefined; params: TwilioParams },
): void {
  const { authToken, publicUrl } = config;
  const { signature } = request;
  let valid = false;
  if (authToken && publicUrl && typeof signature === 'string' && signature.length > 0) {
    try {
      valid = validateRequest(authToken, signature, `${publicBase(publicUrl)}${request.url}`, request.params);
    } catch {
      // A URL the validator cannot parse is not one Twilio signed.
      valid = false;
    }
  }
  if (!valid) throw new PlatformError('TWILIO_SIGNATURE_INVALID');
}
