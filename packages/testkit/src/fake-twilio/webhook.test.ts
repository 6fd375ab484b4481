import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackPlatform, startLoopbackPlatform } from './loopback-platform.ts';
import { parseTwiml } from './twiml.ts';
import { inboundCallParams, postVoiceWebhook, twilioSid } from './webhook.ts';

const authToken = 'test-auth-token-0123456789abcdef';
let platform: LoopbackPlatform;
beforeAll(async () => {
  platform = await startLoopbackPlatform({ authToken, knownNumber: '+14155550199' });
});
afterAll(() => platform.close());

describe('postVoiceWebhook', () => {
  const voiceUrl = () => `${platform.publicUrl}/api/phone/twilio/voice`;
  const params = (to: string) => inboundCallParams({ callSid: twilioSid('CA'), from: '+14155550100', to });

  it('posts a signed form that twilio’s own check accepts, and returns the TwiML', async () => {
    const fields = params('+14155550199');
    const answer = await postVoiceWebhook({ url: voiceUrl(), authToken, params: fields });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/xml');
    expect(parseTwiml(answer.text)).toEqual({
      hangup: false,
      stream: {
        url: `${platform.publicUrl.replace('http', 'ws')}/api/phone/twilio/stream`,
        parameters: { token: `t-${fields.CallSid}` },
      },
    });
    const refusal = await postVoiceWebhook({ url: voiceUrl(), authToken, params: params('+14155550000') });
    expect(parseTwiml(refusal.text)).toEqual({ say: ['This number is not in service.'], hangup: true });
  });

  it('can send a wrong signature or none, and sign one URL while sending to another', async () => {
    expect(
      (
        await postVoiceWebhook({
          url: voiceUrl(),
          authToken,
          params: params('+14155550199'),
          signature: 'forged',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await postVoiceWebhook({
          url: voiceUrl(),
          authToken,
          params: params('+14155550199'),
          signature: null,
        })
      ).status,
    ).toBe(403);
    const elsewhere = await postVoiceWebhook({
      url: 'https://public.example/api/phone/twilio/voice',
      sendTo: voiceUrl(),
      authToken,
      params: params('+14155550199'),
    });
    expect(elsewhere.status).toBe(403);
  });

  it('sends the fields Twilio sends for an inbound call, with Twilio-shaped SIDs', () => {
    const fields = inboundCallParams({ callSid: 'CA0', from: '+14155550100', to: '+14155550199' });
    expect(fields).toMatchObject({
      CallSid: 'CA0',
      From: '+14155550100',
      To: '+14155550199',
      Direction: 'inbound',
      CallStatus: 'ringing',
    });
    expect(fields.AccountSid).toMatch(/^AC[0-9a-f]{32}$/);
  });
});
