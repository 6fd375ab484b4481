import { describe, expect, it } from 'vitest';
import { renderInline } from './inline.ts';

describe('renderInline', () => {
  it.each([
    ['**bold** and __bold__', '<b>bold</b> and <b>bold</b>'],
    ['*italic* and _italic_', '<i>italic</i> and <i>italic</i>'],
    ['~~gone~~', '<s>gone</s>'],
    ['***both***', '<b><i>both</i></b>'],
    ['**bold *nested* bold**', '<b>bold <i>nested</i> bold</b>'],
    ['**bold *it***', '<b>bold <i>it</i></b>'],
    ['`a < b && c`', '<code>a &lt; b &amp;&amp; c</code>'],
    ['``code with ` tick``', '<code>code with ` tick</code>'],
    ['`**not bold**`', '<code>**not bold**</code>'],
    ['snake_case_name and 2*3*4', 'snake_case_name and 2<i>3</i>4'],
    ['a * b * c', 'a * b * c'],
    ['\\*not italic\\*', '*not italic*'],
    ['unclosed **bold', 'unclosed **bold'],
    ['unclosed `code', 'unclosed `code'],
    ['[docs](https://example.com/a?b=1&c="2")', '<a href="https://example.com/a?b=1&amp;c=%222%22">docs</a>'],
    ['[mail](mailto:ada@example.com)', '<a href="mailto:ada@example.com">mail</a>'],
    ['[**bold link**](https://example.com)', '<a href="https://example.com/"><b>bold link</b></a>'],
    ['<https://example.com/x>', '<a href="https://example.com/x">https://example.com/x</a>'],
    ['![alt text](https://example.com/i.png)', '<a href="https://example.com/i.png">alt text</a>'],
  ])('%s', (markdown, html) => {
    expect(renderInline(markdown)).toBe(html);
  });

  it('escapes hostile input: raw HTML, script tags, attribute breakers', () => {
    expect(renderInline('<script>alert("x")</script> & <b>not bold</b>')).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;',
    );
    expect(renderInline('[x](https://e.com/"><script>)')).toBe(
      '<a href="https://e.com/%22%3E%3Cscript%3E">x</a>',
    );
  });

  it('keeps only the text of links Telegram should not open', () => {
    expect(renderInline('[click](javascript:alert(1))')).toBe('click');
    expect(renderInline('[file](file:///etc/passwd) [tg](tg://resolve?domain=x) [rel](/relative)')).toBe(
      'file tg rel',
    );
    expect(renderInline('<javascript:alert(1)>')).toBe('&lt;javascript:alert(1)&gt;');
    expect(renderInline(`[long](https://e.com/${'a'.repeat(2100)})`)).toBe('long');
    expect(renderInline(`[longer](https://e.com/${'a'.repeat(3000)})`)).not.toContain('<a');
  });

  it('stays fast on a long reply full of unmatched delimiters', () => {
    const started = performance.now();
    for (const unit of ['*a ', '_a ', '~~a ', '[a ', '`a', '**a *']) renderInline(unit.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('never nests a link in a link', () => {
    expect(renderInline('[a [b](https://b.com)](https://a.com)')).toBe(
      '<a href="https://a.com/">a [b](https://b.com)</a>',
    );
  });
});
