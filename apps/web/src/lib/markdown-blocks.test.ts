import { describe, expect, it } from 'vitest';
import { markdownBlocks, markdownGroups } from './markdown-blocks.ts';

describe('markdownBlocks', () => {
  it('splits at blank lines and keeps each block whole', () => {
    expect(markdownBlocks('# Title\n\nA paragraph\non two lines.\n\n- a\n- b')).toEqual([
      '# Title\n',
      'A paragraph\non two lines.\n',
      '- a\n- b',
    ]);
  });

  it('never splits inside a code fence, blank lines included', () => {
    const text = 'Before\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter';
    expect(markdownBlocks(text)).toEqual(['Before\n', '```js\nconst a = 1;\n\nconst b = 2;\n```\n', 'After']);
  });

  it('keeps an unclosed fence (still streaming) as one block, and earlier blocks unchanged as text grows', () => {
    const early = markdownBlocks('Intro\n\n```\nline 1\n\n');
    const later = markdownBlocks('Intro\n\n```\nline 1\n\nline 2\n```\n\nDone');
    expect(early).toEqual(['Intro\n', '```\nline 1\n\n']);
    expect(later[0]).toBe(early[0]);
    expect(later).toHaveLength(3);
  });

  it('collapses runs of blank lines and gives nothing for empty text', () => {
    expect(markdownBlocks('a\n\n\n\nb')).toEqual(['a\n', 'b']);
    expect(markdownBlocks('')).toEqual([]);
  });
});

describe('markdownGroups', () => {
  const text = Array.from({ length: 40 }, (_, index) => `Paragraph ${index} ${'x'.repeat(50)}`).join('\n\n');

  it('joins blocks into groups of at least the length asked, blank line kept between them', () => {
    const groups = markdownGroups(text, 200);
    expect(groups.length).toBeLessThan(40);
    expect(groups.slice(0, -1).every((group) => group.length >= 200)).toBe(true);
    expect(groups[0]).toContain('\n\nParagraph 1 ');
  });

  it('keeps every group but the last unchanged as the text grows', () => {
    const early = markdownGroups(text.slice(0, 1000), 200);
    const later = markdownGroups(text, 200);
    expect(later.slice(0, early.length - 1)).toEqual(early.slice(0, -1));
  });
});
