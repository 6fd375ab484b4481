import { signTwilioRequest } from '@lifeosai/testkit/fake-twilio';
import { describe, expect, it } from 'vitest';
import { afterStreamUrl, twilioStreamUrl, voiceWebhookUrl } from '../domain/phone/twilio-urls.ts';
import { readForm, verifyTwilioSignature } from './twilio-signature.ts';

const authToken = 'auth-token-0123456789';
const publicUrl = 'https://lifeos.example.test/';
const params = { CallSid: 'CA1', From: '+15550001111', To: '+14155550100' };
const signed = (url = 'https://lifeos.example.test/api/phone/twilio/voice', token = authToken) =>
  signTwilioRequest(token, url, params);
const verify =
  (
    config: { authToken?: string; publicUrl?: string },
    signature: string | string[] | undefined,
    url = '/api/phone/twilio/voice',
  ) =>
  () =>
    verifyTwilioSignature(config, { url, signature, params });

describe('Twilio signature check', () => {
  it('passes a signature over the public URL, its path and query, and the fields', () => {
    expect(verify({ authToken, publicUrl }, signed())).not.toThrow();
    const after = 'https://lifeos.example.test/api/phone/twilio/voice?after=call_1';
    expect(
      verify({ authToken, publicUrl }, signed(after), '/api/phone/twilio/voice?after=call_1'),
    ).not.toThrow();
  });

  it('refuses without a token or a public URL, and any other signature, with TWILIO_SIGNATURE_INVALID', () => {
    const refusal = { code: 'TWILIO_SIGNATURE_INVALID', status: 403 };
    for (const attempt of [
      verify({ publicUrl }, signed()),
      verify({ authToken }, signed()),
      verify({ authToken, publicUrl }, undefined),
      verify({ authToken, publicUrl }, ''),
      verify({ authToken, publicUrl }, [signed(), signed()]),
      verify({ authToken, publicUrl }, signed(undefined, 'another-token')),
      verify({ authToken, publicUrl }, signed('http://lifeos.example.test/api/phone/twilio/voice')),
      verify({ authToken, publicUrl }, signed(), '/api/phone/twilio/voice?after=call_1'),
    ]) {
      expect(attempt).toThrow(expect.objectContaining(refusal));
    }
  });

  it('reads a form as Twilio signs it: repeated fields as lists, malformed escapes as they are', () => {
    expect(readForm('A=1&B=%2B1&A=2&C=%zz&D')).toEqual({ A: ['1', '2'], B: '+1', C: '%zz', D: '' });
    expect(readForm('')).toEqual({});
  });
});

describe('Twilio URLs', () => {
  it('builds the voice URL, the stream URL (ws for http, wss for https) and the after-URL on the public URL', () => {
    expect(voiceWebhookUrl('https://lifeos.example.test//')).toBe(
      'https://lifeos.example.test/api/phone/twilio/voice',
    );
    expect(voiceWebhookUrl(undefined)).toBeNull();
    expect(twilioStreamUrl('https://lifeos.example.test/')).toBe(
      'wss://lifeos.example.test/api/phone/twilio/stream',
    );
    expect(twilioStreamUrl('http://abc.ngrok.test:8080/lifeos')).toBe(
      'ws://abc.ngrok.test:8080/lifeos/api/phone/twilio/stream',
    );
    expect(afterStreamUrl('https://lifeos.example.test', 'call_1')).toBe(
      'https://lifeos.example.test/api/phone/twilio/voice?after=call_1',
    );
  });
});
