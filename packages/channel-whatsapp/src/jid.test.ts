import { describe, expect, it } from 'vitest';
import { decodeJid, e164FromJid, isSendableJid, normalizeJid, phoneDigits } from './jid.ts';

describe('JIDs', () => {
  it('decodes users without their device and tells numbers from LIDs and groups', () => {
    expect(decodeJid('33612345678:12@s.whatsapp.net')).toEqual({
      user: '33612345678',
      server: 's.whatsapp.net',
    });
    expect(normalizeJid('998877:3@lid')).toBe('998877@lid');
    expect(decodeJid('no-at-sign')).toBeUndefined();
    expect(decodeJid('@s.whatsapp.net')).toBeUndefined();
    expect(e164FromJid('33612345678:2@s.whatsapp.net')).toBe('+33612345678');
    expect(e164FromJid('998877@lid')).toBeUndefined();
    expect(e164FromJid('1203630@g.us')).toBeUndefined();
  });

  it('sends only to numbers, LIDs and groups', () => {
    expect(isSendableJid('33612345678@s.whatsapp.net')).toBe(true);
    expect(isSendableJid('998877@lid')).toBe(true);
    expect(isSendableJid('120363025246125486@g.us')).toBe(true);
    expect(isSendableJid('status@broadcast')).toBe(false);
    expect(isSendableJid('33612345678@s.whatsapp.net\n')).toBe(false);
    expect(isSendableJid('../etc@g.us')).toBe(false);
  });

  it('reads a typed phone number with its country code', () => {
    expect(phoneDigits('+33 6 12 34 56 78')).toBe('33612345678');
    expect(phoneDigits('+1 (555) 123-4567')).toBe('15551234567');
    expect(phoneDigits('06 12 34 56 78')).toBeUndefined();
    expect(phoneDigits('+12345')).toBeUndefined();
    expect(phoneDigits('+1234567890123456')).toBeUndefined();
    expect(phoneDigits('+33 6 12 34 56 78; rm')).toBeUndefined();
  });
});
