import { twilioStreamPath, twilioVoicePath } from '@lifeosai/api-contract';

/** `LIFEOSAI_PUBLIC_URL` without its trailing slashes: paths are appended to it. */
export function publicBase(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

/** Where Twilio must post a number's calls; null without a public URL (no call reaches us then). */
export function voiceWebhookUrl(publicUrl: string | undefined): string | null {
  return publicUrl ? `${publicBase(publicUrl)}${twilioVoicePath}` : null;
}

/** The media stream's URL: the public URL with `ws` for `http` and `wss` for `https`. */
export function twilioStreamUrl(publicUrl: string): string {
  return `${publicBase(publicUrl).replace(/^http/i, 'ws')}${twilioStreamPath}`;
}

/** Where Twilio asks for the next TwiML once a call's stream ends (`<Connect action>`). */
export function afterStreamUrl(publicUrl: string, callId: string): string {
  return `${publicBase(publicUrl)}${twilioVoicePath}?after=${encodeURIComponent(callId)}`;
}
