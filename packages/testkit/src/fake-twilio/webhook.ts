import { randomBytes } from 'node:crypto';
import { signTwilioRequest } from './signature.ts';

/** What the platform answered to a voice webhook. */
export interface VoiceWebhookAnswer {
  /** HTTP status. */
  status: number;
  /** The response's content type (TwiML is `text/xml`). */
  contentType: string;
  /** The body: TwiML on success, an error body otherwise. */
  text: string;
}

/**
 * Posts Twilio's voice webhook as Twilio does: form-encoded, signed with `X-Twilio-Signature`
 * over `url` (pass the exact URL Twilio was told to call) and the parameters. `signature`
 * overrides the header (a wrong one for refusal tests; `null` sends none).
 */
export async function postVoiceWebhook(options: {
  url: string;
  authToken: string;
  params: Record<string, string>;
  signature?: string | null;
  /** Where to send the request when it differs from the signed URL (e.g. the gateway directly). */
  sendTo?: string;
}): Promise<VoiceWebhookAnswer> {
  const signature =
    options.signature === undefined
      ? signTwilioRequest(options.authToken, options.url, options.params)
      : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const response = await fetch(options.sendTo ?? options.url, {
    method: 'POST',
    headers,
    body: new URLSearchParams(options.params).toString(),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** The form fields Twilio sends with an inbound call's voice webhook. */
export function inboundCallParams(call: {
  callSid: string;
  from: string;
  to: string;
  accountSid?: string;
}): Record<string, string> {
  return {
    AccountSid: call.accountSid ?? twilioSid('AC'),
    ApiVersion: '2010-04-01',
    CallSid: call.callSid,
    CallStatus: 'ringing',
    Called: call.to,
    Caller: call.from,
    Direction: 'inbound',
    From: call.from,
    To: call.to,
  };
}

/** A Twilio-shaped identifier: a two-letter prefix (`CA` call, `MZ` stream, `AC` account) and 32 hex digits. */
export function twilioSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
