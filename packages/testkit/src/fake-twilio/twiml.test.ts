import { describe, expect, it } from 'vitest';
import { parseTwiml } from './twiml.ts';

describe('parseTwiml', () => {
  it('reads a stream connection with its parameters and action', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <!-- the bridge -->
  <Connect action="https://x.example/api/phone/twilio/status?a=1&amp;b=2">
    <Stream url="wss://x.example/api/phone/twilio/stream">
      <Parameter name="token" value="abc&quot;123"/>
      <Parameter name='callId' value='c_1' />
    </Stream>
  </Connect>
</Response>`;
    expect(parseTwiml(xml)).toEqual({
      hangup: false,
      connectAction: 'https://x.example/api/phone/twilio/status?a=1&b=2',
      stream: {
        url: 'wss://x.example/api/phone/twilio/stream',
        parameters: { token: 'abc"123', callId: 'c_1' },
      },
    });
  });

  it('reads a spoken refusal', () => {
    const xml =
      '<Response><Say voice="alice">This number can&apos;t take your call &#8212; goodbye &lt;3</Say><Hangup/></Response>';
    expect(parseTwiml(xml)).toEqual({ say: ["This number can't take your call — goodbye <3"], hangup: true });
  });

  it('refuses what is not well-formed TwiML', () => {
    expect(() => parseTwiml('<Response><Say>hi</Response>')).toThrow(/closes <Response>/);
    expect(() => parseTwiml('<Response><Say>hi</Say>')).toThrow(/open/);
    expect(() => parseTwiml('<Say>hi</Say>')).toThrow(/<Response>/);
    expect(() => parseTwiml('<Response><Say a=b>hi</Say></Response>')).toThrow(/attribute/);
    expect(() => parseTwiml('<Response>&nbsp;</Response>')).toThrow(/entity/);
    expect(() => parseTwiml('<Response>1 < 2</Response>')).toThrow(/well-formed/);
    expect(() => parseTwiml('{"error":{"code":"X"}}')).toThrow(/<Response>/);
  });
});
