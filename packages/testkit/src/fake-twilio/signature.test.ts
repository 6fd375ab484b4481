import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { signTwilioRequest } from './signature.ts';
import { inboundCallParams, twilioSid } from './webhook.ts';

describe('signTwilioRequest', () => {
  const authToken = '12345678901234567890123456789012';
  const url = 'https://lifeos.example.com/api/phone/twilio/voice';

  it('matches the worked example in Twilio’s webhook security documentation', () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(signTwilioRequest('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('is accepted by the twilio package’s validateRequest, and a change to anything signed is refused', () => {
    const params = inboundCallParams({ callSid: twilioSid('CA'), from: '+14155550100', to: '+14155550199' });
    const signature = signTwilioRequest(authToken, url, params);
    expect(twilio.validateRequest(authToken, signature, url, params)).toBe(true);
    expect(twilio.validateRequest(authToken, signature, url, { ...params, From: '+14155550101' })).toBe(
      false,
    );
    expect(twilio.validateRequest(authToken, signature, `${url}x`, params)).toBe(false);
    expect(twilio.validateRequest('another-token-another-token-1234', signature, url, params)).toBe(false);
  });

  it('sorts parameter names case-sensitively and keeps values verbatim (unicode, spaces, empty)', () => {
    const params = { b: 'two words', B: 'é ✓', a: '', Z: '+1' };
    const signature = signTwilioRequest(authToken, url, params);
    expect(twilio.validateRequest(authToken, signature, url, params)).toBe(true);
  });
});
