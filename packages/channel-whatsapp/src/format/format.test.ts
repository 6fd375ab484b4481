import { describe, expect, it } from 'vitest';
import { whatsappChannel } from '../driver.ts';
import { markdownToWhatsApp } from './markdown.ts';
import { splitMessage } from './split.ts';

describe('markdown to WhatsApp', () => {
  it('converts emphasis, code, links, headings, lists and quotes', () => {
    const markdown = [
      '# Plan for **today**',
      '',
      'This is **bold**, *italic*, _also italic_, ~~gone~~ and `a*b*c`.',
      'See [the docs](https://example.com/docs) or <https://example.com>, ![chart](https://x.test/c.png).',
      '',
      '- first',
      '* second with __bold__',
      '  + nested',
      '1. numbered',
      '- [x] done',
      '> quoted *words*',
      '',
      '---',
      '```ts',
      'const a = **not bold**;',
      '```',
    ].join('\n');
    expect(markdownToWhatsApp(markdown)).toBe(
      [
        '*Plan for today*',
        '',
        'This is *bold*, _italic_, _also italic_, ~gone~ and `a*b*c`.',
        'See the docs (https://example.com/docs) or https://example.com, chart (https://x.test/c.png).',
        '',
        '• first',
        '• second with *bold*',
        '  • nested',
        '1. numbered',
        '• ☑ done',
        '> quoted _words_',
        '',
        '───',
        '```',
        'const a = **not bold**;',
        '```',
      ].join('\n'),
    );
  });

  it('keeps escaped characters literal, closes an unterminated code block and drops control characters', () => {
    expect(markdownToWhatsApp('2 \\* 3 \\* 4 and \\_x\\_')).toBe('2 * 3 * 4 and _x_');
    expect(markdownToWhatsApp('```\ncode without end')).toBe('```\ncode without end\n```');
    expect(markdownToWhatsApp('a\n\n\n\n \nb\n```\nx\n\n\n\ny\n```')).toBe('a\n\nb\n```\nx\n\n\n\ny\n```');
    expect(markdownToWhatsApp('a\u0000\u0001b\u0002\r\nc')).toBe('ab\nc');
    expect(markdownToWhatsApp('[same](https://a.test)[https://a.test](https://a.test)')).toBe(
      'same (https://a.test)https://a.test',
    );
  });

  it('leaves lone markers and arithmetic alone', () => {
    expect(markdownToWhatsApp('2 * 3 = 6, a ** b, snake_case_name')).toBe(
      '2 * 3 = 6, a ** b, snake_case_name',
    );
  });
});

describe('splitting at the limit', () => {
  it('splits on paragraphs, then lines, then words', () => {
    const paragraphs = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)].join('\n\n');
    expect(splitMessage(paragraphs, 70)).toEqual([`${'a'.repeat(30)}\n\n${'b'.repeat(30)}`, 'c'.repeat(30)]);
    const lines = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)].join('\n');
    expect(splitMessage(lines, 70)).toEqual([`${'a'.repeat(30)}\n${'b'.repeat(30)}`, 'c'.repeat(30)]);
    const words = Array(20).fill('word').join(' ');
    const parts = splitMessage(words, 32);
    expect(parts.every((part) => part.length <= 32 && !part.startsWith(' ') && !part.endsWith(' '))).toBe(
      true,
    );
    expect(parts.join(' ')).toBe(words);
  });

  it('closes a code block at the end of a part and reopens it in the next', () => {
    const code = ['```', ...Array.from({ length: 30 }, (_, index) => `line ${index}`), '```', 'after'].join(
      '\n',
    );
    const parts = splitMessage(code, 100);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      const fences = part.split('\n').filter((line) => line === '```').length;
      expect(fences % 2).toBe(0);
    }
    expect(parts[1]!.startsWith('```\n')).toBe(true);
    const body = parts.map((part) => part.replace(/^```\n|\n```$/g, '')).join('\n');
    expect(body).toContain('line 0\nline 1');
    expect(body).toContain('line 29');
    expect(parts.at(-1)).toMatch(/after$/);
  });

  it('never cuts a surrogate pair, even in one endless word', () => {
    const emoji = '😀'.repeat(5000);
    const parts = splitMessage(emoji, 4096);
    expect(parts.every((part) => part.length <= 4096)).toBe(true);
    expect(parts.join('')).toBe(emoji);
    for (const part of parts) expect(part).toBe(Array.from(part).join(''));
    expect(/[\ud800-\udbff]$/.test(parts[0]!)).toBe(false);
  });
});

describe('format (the driver), with hostile input', () => {
  it('returns no part for blank text and parts within the limit otherwise', () => {
    expect(whatsappChannel.format('')).toEqual([]);
    expect(whatsappChannel.format(' \n\n\t ')).toEqual([]);
    const long = Array.from(
      { length: 400 },
      (_, index) => `Paragraph ${index} with **bold** and \`code\`.`,
    ).join('\n\n');
    const parts = whatsappChannel.format(long);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= 4096)).toBe(true);
    expect(parts[0]!.endsWith('.')).toBe(true);
  });

  it('stays fast and bounded on pathological markers, fences and a huge code block', () => {
    const inputs = [
      '** a '.repeat(20_000),
      '*'.repeat(100_000),
      '`'.repeat(50_001),
      '[x]('.repeat(20_000),
      '```\n'.repeat(5001),
      `\`\`\`\n${'x'.repeat(20_000)}\n\`\`\``,
      '_~*`'.repeat(25_000),
      '\ud83d'.repeat(9000),
    ];
    const started = performance.now();
    for (const input of inputs) {
      const parts = whatsappChannel.format(input);
      expect(parts.every((part) => part.length <= 4096 && part.length > 0)).toBe(true);
    }
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
