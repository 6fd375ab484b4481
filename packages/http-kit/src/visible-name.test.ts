import { describe, expect, it } from 'vitest';
import { hiddenCharacterIn, visibleName } from './visible-name.ts';

const name = visibleName({ max: 50 });

describe('visibleName', () => {
  it.each([
    ['plain', 'Research agent'],
    ['accents and other scripts', 'Équipe 研究 команда عربي'],
    ['an emoji sequence with zero-width joiners', 'Family 👨‍👩‍👧'],
    ['a zero-width non-joiner (Persian)', 'می‌خواهم'],
    ['punctuation', "O'Brien & Co. (2026) #1"],
  ])('accepts %s', (_case, text) => {
    expect(name.parse(text)).toBe(text);
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a newline', 'a\nb', 'U+000A'],
    ['a tab', 'a\tb', 'U+0009'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['a C1 control', 'a\u0085b', 'U+0085'],
    ['a right-to-left override', 'invoice\u202efdp.exe', 'U+202E'],
    ['a left-to-right embedding', 'a\u202ab', 'U+202A'],
    ['a first-strong isolate', 'a\u2068b', 'U+2068'],
    ['a pop directional isolate', 'a\u2069b', 'U+2069'],
    ['a right-to-left mark', 'a\u200fb', 'U+200F'],
    ['an Arabic letter mark', 'a\u061cb', 'U+061C'],
    ['a zero-width space', 'a\u200bb', 'U+200B'],
    ['a byte order mark', 'na\ufeffme', 'U+FEFF'],
    ['a line separator', 'a\u2028b', 'U+2028'],
    ['a tag character', 'a\u{e0041}b', 'U+E0041'],
  ])('refuses %s', (_case, text, character) => {
    expect(hiddenCharacterIn(text)).toBe(character);
    const result = name.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/control characters or invisible formatting/);
  });

  it('trims, and refuses empty and overlong names', () => {
    expect(name.parse('  spaced  ')).toBe('spaced');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('x'.repeat(51)).success).toBe(false);
  });
});
