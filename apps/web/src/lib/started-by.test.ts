import { describe, expect, it } from 'vitest';
import { startedByLabel, startedByViewer } from './started-by.ts';

describe('startedByLabel', () => {
  it('names the viewer "you" and anyone else by name', () => {
    expect(startedByLabel({ kind: 'user', by: 'u1', byName: 'Ada' }, 'u1')).toBe('you');
    expect(startedByLabel({ kind: 'user', by: 'u2', byName: 'Grace' }, 'u1')).toBe('Grace');
    expect(startedByLabel({ kind: 'user', by: 'u2' }, 'u1')).toBe('u2');
    expect(startedByLabel({ kind: 'user' }, 'u1')).toBe('someone in your organization');
  });

  it('says how the rest started: an API key, the heartbeat, a channel, a phone call', () => {
    expect(startedByLabel({ kind: 'api', by: 'u1' }, 'u1')).toBe('API key (yours)');
    expect(startedByLabel({ kind: 'api', by: 'u2', byName: 'Grace' }, 'u1')).toBe('API key (Grace)');
    expect(startedByLabel({ kind: 'api' }, 'u1')).toBe('API key');
    expect(startedByLabel({ kind: 'heartbeat' }, 'u1')).toBe('Heartbeat');
    expect(startedByLabel({ kind: 'channel', by: '42', byName: 'Linus' }, 'u1')).toBe('Telegram: Linus');
    expect(startedByLabel({ kind: 'channel', by: '+33612345678', byName: 'Marie' }, 'u1')).toBe(
      'WhatsApp: Marie',
    );
    expect(startedByLabel({ kind: 'channel', by: '+33612345678' }, 'u1')).toBe('WhatsApp: +33612345678');
    expect(startedByLabel({ kind: 'channel', by: '1234@lid', byName: 'Marie' }, 'u1')).toBe(
      'WhatsApp: Marie',
    );
    expect(startedByLabel({ kind: 'channel', by: 'someone' }, 'u1')).toBe('Channel: someone');
    expect(startedByLabel({ kind: 'channel' }, 'u1')).toBe('Channel');
    expect(startedByLabel({ kind: 'phone', by: '+15550100' }, 'u1')).toBe('Phone: +15550100');
  });

  it('leaves the viewer out of lists only for their own web runs', () => {
    expect(startedByViewer({ kind: 'user', by: 'u1' }, 'u1')).toBe(true);
    expect(startedByViewer({ kind: 'api', by: 'u1' }, 'u1')).toBe(false);
    expect(startedByViewer({ kind: 'user', by: 'u1' }, undefined)).toBe(false);
  });
});
