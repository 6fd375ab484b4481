import { describe, expect, it } from 'vitest';
import { checkTelegramHtml } from './html-entities.ts';

describe('checkTelegramHtml', () => {
  it('accepts Telegram tags and decodes entities into the plain text', () => {
    expect(
      checkTelegramHtml(
        '<b>a</b> <i>b</i> <a href="https://x.y/?a=1&amp;b">c</a> <pre><code class="language-ts">1 &lt; 2</code></pre> &#128512;',
      ),
    ).toEqual({
      ok: true,
      plain: 'a b c 1 < 2 😀',
    });
  });

  it.each([
    ['<script>x</script>', 'Unsupported start tag "script" at byte offset 0'],
    ['é<b>x', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b>x</i>', 'Can\'t find end tag corresponding to start tag "b"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['<b x', "Can't find end of the tag starting at byte offset 0"],
    ['<code><b>x</b></code>', 'Can\'t parse entities inside "code" at byte offset 6'],
    ['<a>x</a>', 'Can\'t find attribute "href" of tag "a" at byte offset 0'],
  ])('refuses %s with Telegram wording', (html, problem) => {
    expect(checkTelegramHtml(html)).toEqual({
      ok: false,
      description: `Bad Request: can't parse entities: ${problem}`,
    });
  });
});
