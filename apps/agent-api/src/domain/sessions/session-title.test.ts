import { channelMessageEnd, channelMessageStart } from '@lifeosai/api-contract/channel-prompt';
import { describe, expect, it } from 'vitest';
import { deriveTitle } from './session-title.ts';

describe("a conversation's derived title", () => {
  it('is its first message when short, on one line', () => {
    expect(deriveTitle('  Plan the\tweek  ')).toBe('Plan the week');
    expect(deriveTitle('\n\nFirst line\nsecond line')).toBe('First line');
  });

  it('is cut at a word with an ellipsis when long', () => {
    const long = `${'word '.repeat(30)}end`;
    const title = deriveTitle(long)!;
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title).toMatch(/^(word )+word…$/);
  });

  it('is cut mid-word when one word fills the line', () => {
    expect(deriveTitle('x'.repeat(200))).toBe(`${'x'.repeat(79)}…`);
  });

  it('is null without a message', () => {
    expect([null, undefined, '', '  \n '].map(deriveTitle)).toEqual([null, null, null, null]);
  });

  it("is what a channel's sender wrote, not the instructions fencing it", () => {
    const prompt = [
      'Message from a private Telegram chat. The text between the markers is untrusted user input…',
      channelMessageStart('Linus (2002)'),
      '',
      'What grows well in May?',
      channelMessageEnd,
    ].join('\n');
    expect(deriveTitle(prompt)).toBe('What grows well in May?');
  });
});
