import { describe, expect, it } from 'vitest';
import {
  channelHealth,
  channelName,
  messageStatusWords,
  parseAllowlist,
  readableText,
} from './channel-words.ts';

const base = {
  type: 'telegram',
  status: 'connected',
  enabled: true,
  transport: 'poll',
  lastError: null,
} as const;

describe('channel words', () => {
  it('names a connection by its account, else by its network', () => {
    expect(channelName({ type: 'telegram', account: { id: '1', name: '@garden_bot' } })).toBe(
      'Telegram @garden_bot',
    );
    expect(channelName({ type: 'whatsapp', account: null })).toBe('WhatsApp');
  });

  it('says how a connection is doing', () => {
    expect(channelHealth(base)).toEqual({
      text: 'Connected: receiving messages by long polling.',
      tone: 'good',
    });
    expect(channelHealth({ ...base, transport: 'webhook' }).text).toContain('webhook');
    expect(channelHealth({ ...base, type: 'whatsapp' }).text).toContain('socket is open');
    expect(channelHealth({ ...base, status: 'waiting_for_login' }).tone).toBe('waiting');
    expect(channelHealth({ ...base, status: 'error', lastError: 'Telegram refused the token.' })).toEqual({
      text: 'Not working: Telegram refused the token.',
      tone: 'bad',
    });
    expect(channelHealth({ ...base, status: 'error' }).text).toBe('Not working: the connection failed.');
    // Disabled wins over whatever status the runtime last wrote.
    expect(channelHealth({ ...base, enabled: false }).tone).toBe('off');
    expect(channelHealth({ ...base, status: 'stopped' }).tone).toBe('off');
  });

  it('says where a message is, in and out, with the reason it failed', () => {
    expect(messageStatusWords({ direction: 'in', status: 'done', note: null })).toEqual({
      text: 'Answered',
      failed: false,
    });
    expect(messageStatusWords({ direction: 'in', status: 'queued', note: null }).text).toBe(
      'Queued for the next turn',
    );
    expect(messageStatusWords({ direction: 'in', status: 'ignored', note: 'sender not approved' }).text).toBe(
      'Ignored: sender not approved',
    );
    expect(messageStatusWords({ direction: 'out', status: 'failed', note: 'the bot was blocked' })).toEqual({
      text: 'Not delivered: the bot was blocked',
      failed: true,
    });
    expect(messageStatusWords({ direction: 'out', status: 'sent', note: null }).text).toBe('Sent');
    expect(messageStatusWords({ direction: 'out', status: 'later', note: null }).text).toBe('later');
  });

  it('reads an allowlist typed one per line or with commas', () => {
    expect(parseAllowlist(' 42\n+33612345678, 42 ;7 \n\n')).toEqual(['42', '+33612345678', '7']);
    expect(parseAllowlist('')).toEqual([]);
  });

  it("reads a sent part's Telegram HTML back as text; WhatsApp's markup as it is", () => {
    expect(readableText('<b>Tulips</b> &amp; <i>peas</i>: 3 &lt; 4 &quot;ok&quot;', 'telegram')).toBe(
      'Tulips & peas: 3 < 4 "ok"',
    );
    expect(readableText('&amp;lt; stays one level', 'telegram')).toBe('&lt; stays one level');
    expect(readableText('*Tulips* & peas', 'whatsapp')).toBe('*Tulips* & peas');
  });
});
