import { checkTelegramHtml } from '@lifeosai/testkit/fake-telegram';
import { describe, expect, it } from 'vitest';
import { formatTelegramHtml } from './index.ts';
import { htmlToPlainText } from './plain-text.ts';
import { splitHtml } from './split.ts';

/** Every part fits, parses as Telegram HTML, and no visible character is lost (cut whitespace aside). */
function expectSound(parts: string[], limit: number, wholeHtml: string) {
  for (const part of parts) {
    expect(part.length).toBeLessThanOrEqual(limit);
    expect(checkTelegramHtml(part)).toMatchObject({ ok: true });
    expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
  const squash = (text: string) => text.replace(/\s+/g, '');
  expect(squash(parts.map(htmlToPlainText).join(''))).toBe(squash(htmlToPlainText(wholeHtml)));
}

describe('splitHtml', () => {
  it('keeps a short message whole', () => {
    expect(splitHtml('<b>hi</b> there', 4096)).toEqual(['<b>hi</b> there']);
  });

  it('cuts at a blank line first, then a line end, then a space', () => {
    expect(splitHtml('aaaa bbbb\ncccc\n\ndddd', 16)).toEqual(['aaaa bbbb\ncccc', 'dddd']);
    expect(splitHtml('aaaa bbbb\ncccc dddd', 16)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitHtml('aaaa bbbb cccc dddd', 16)).toEqual(['aaaa bbbb cccc', 'dddd']);
    expect(splitHtml('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  it('closes and reopens nested tags at a cut, counting them in the limit', () => {
    const parts = splitHtml('<b>bold <i>one two three four</i> end</b>', 24);
    expect(parts).toEqual(['<b>bold <i>one</i></b>', '<b><i>two three</i></b>', '<b><i>four</i> end</b>']);
    expectSound(parts, 24, '<b>bold <i>one two three four</i> end</b>');
  });

  it('never cuts an entity, a surrogate pair or an emoji sequence', () => {
    const html = `${'&amp;'.repeat(7)}${'😀'.repeat(7)}${'👩‍👩‍👧'.repeat(3)}`;
    const parts = splitHtml(html, 9);
    expectSound(parts, 9, html);
    expect(parts.slice(0, 2)).toEqual(['&amp;', '&amp;']);
    expect(parts).toContain('😀😀😀😀');
    expect(parts).toContain('👩‍👩‍👧');
  });
});

describe('formatTelegramHtml', () => {
  it('splits a long reply on paragraph boundaries into parts of at most 4096', () => {
    const paragraph = (n: number) => `Paragraph ${n}: ${'word '.repeat(150).trim()} **end ${n}**.`;
    const markdown = Array.from({ length: 12 }, (_, n) => paragraph(n)).join('\n\n');
    const parts = formatTelegramHtml(markdown);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part).toMatch(/^Paragraph \d+:.*<b>end \d+<\/b>\.$/s);
    expectSound(parts, 4096, parts.join('\n\n'));
  });

  it('splits a 10 000-character code block into code blocks that close and reopen', () => {
    const code = Array.from(
      { length: 440 },
      (_, n) => `const line${String(n).padStart(3, '0')} = a < b;`,
    ).join('\n');
    expect(code.length).toBeGreaterThan(10_000);
    const parts = formatTelegramHtml(`Here:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nDone.`);
    expect(parts[0]).toBe('Here:');
    // The closing paragraph fits after the last piece of code.
    expect(parts.at(-1)!.endsWith('</code></pre>\n\nDone.')).toBe(true);
    const codeParts = parts.slice(1).map((part) => part.replace(/\n\nDone\.$/, ''));
    expect(codeParts.length).toBeGreaterThanOrEqual(3);
    for (const part of codeParts) {
      expect(part.startsWith('<pre><code class="language-ts">const line')).toBe(true);
      expect(part.endsWith(';</code></pre>')).toBe(true);
    }
    const lines = codeParts.flatMap((part) => htmlToPlainText(part).split('\n'));
    expect(lines.join('\n')).toBe(code);
    expectSound(parts, 4096, parts.join(''));
  });

  it('splits a single enormous line of code between characters', () => {
    const parts = formatTelegramHtml(`\`\`\`\n${'x'.repeat(9000)}\n\`\`\``);
    expect(parts.map((part) => part.length)).toEqual([4096, 4096, 9000 - 2 * (4096 - 11) + 11]);
    expectSound(parts, 4096, parts.join(''));
  });

  it('keeps emoji whole in long emoji text', () => {
    const markdown = '🙂🚀 '.repeat(2000);
    const parts = formatTelegramHtml(markdown);
    expectSound(parts, 4096, parts.join(' '));
  });

  it('renders hostile input as text, with only safe links', () => {
    const parts = formatTelegramHtml(
      '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    );
    expect(parts).toEqual(['&lt;script&gt;alert(1)&lt;/script&gt; x &lt;img src=x onerror=alert(1)&gt;']);
  });

  it('survives every kind of markup cut into small parts', () => {
    const markdown = [
      '# Heading with `code`',
      'Text with **bold _and italic_** and ~~strike~~ and [a link](https://example.com/path).',
      '> quoted **words** that go on for a while and then some more',
      '- item one\n- item **two**\n  1. nested',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '```py\nprint("<hello>")\n```',
    ].join('\n\n');
    const whole = formatTelegramHtml(markdown)[0]!;
    for (const limit of [64, 80, 100, 200]) expectSound(formatTelegramHtml(markdown, limit), limit, whole);
  });

  it('gives no parts for blank markdown', () => {
    expect(formatTelegramHtml('  \n\n  ')).toEqual([]);
  });
});

describe('formatTelegramHtml on random markdown', () => {
  it('always gives parts that fit and that Telegram parses', () => {
    const pieces = [
      '*',
      '**',
      '_',
      '__',
      '~~',
      '`',
      '```',
      '\n',
      '\n\n',
      ' ',
      '[',
      ']',
      '(',
      ')',
      'https://x.y',
      'javascript:',
      '<',
      '>',
      '&',
      '# ',
      '- ',
      '1. ',
      '> ',
      '|',
      '---',
      'word',
      '😀',
      '👩‍👩‍👧',
      '\\',
      '"',
      '<b>',
      '&amp;',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round++) {
      let markdown = '';
      for (let count = 1 + Math.floor(random() * 400); count > 0; count--)
        markdown += pieces[Math.floor(random() * pieces.length)];
      const limit = [200, 500, 4096][round % 3]!;
      for (const part of formatTelegramHtml(markdown, limit)) {
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(checkTelegramHtml(part), `${JSON.stringify(markdown)} → ${part}`).toMatchObject({ ok: true });
      }
    }
  });
});
