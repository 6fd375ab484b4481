import { describe, expect, it } from 'vitest';
import { telegramChannel } from './index.ts';

describe('telegramChannel', () => {
  it('declares what Telegram can do', () => {
    expect(telegramChannel).toMatchObject({
      specificationVersion: 'v1',
      type: 'telegram',
      displayName: 'Telegram',
    });
    expect(telegramChannel.capabilities).toEqual({
      textLimit: 4096,
      media: { images: true, voice: true, documents: true },
      maxMediaBytes: 20 * 1024 * 1024,
      typing: true,
      edits: true,
      buttons: true,
      groups: true,
      markup: 'html',
      webhook: true,
      interactiveLogin: false,
    });
  });

  it('formats when passed as a callback (an index is not a limit)', () => {
    expect(['**a**', 'b c'].map(telegramChannel.format)).toEqual([['<b>a</b>'], ['b c']]);
  });
});
