import { describe, expect, it } from 'vitest';
import { renderBlocks } from './blocks.ts';

describe('renderBlocks', () => {
  it('turns headings into bold lines and keeps single newlines of a paragraph', () => {
    expect(renderBlocks('# Plan\n\nline one\nline **two**\n\nSetext\n---')).toEqual([
      '<b>Plan</b>',
      'line one\nline <b>two</b>',
      '<b>Setext</b>',
    ]);
  });

  it('renders lists with bullets, numbers, nesting and task boxes', () => {
    expect(
      renderBlocks('- one\n* two\n  - nested *it*\n\n- loose\n1. first\n2) second\n- [ ] todo\n- [x] done'),
    ).toEqual(['• one\n• two\n  • nested <i>it</i>\n• loose\n1. first\n2. second\n☐ todo\n☑ done']);
  });

  it('renders fenced code with its language, escaped, and no language when it is odd', () => {
    expect(renderBlocks('```ts\nif (a < b && c) {}\n```')).toEqual([
      '<pre><code class="language-ts">if (a &lt; b &amp;&amp; c) {}</code></pre>',
    ]);
    expect(renderBlocks('~~~"><script>\n**x**\n~~~')).toEqual(['<pre>**x**</pre>']);
    expect(renderBlocks('```\nunclosed\nstill code')).toEqual(['<pre>unclosed\nstill code</pre>']);
  });

  it('renders quotes, flattening blocks Telegram cannot nest in a quote', () => {
    expect(renderBlocks('> said **this**\n> > nested\n> ```\n> code\n> ```')).toEqual([
      '<blockquote>said <b>this</b>\nnested\ncode</blockquote>',
    ]);
  });

  it('renders tables as aligned monospace text', () => {
    expect(renderBlocks('| Name | **Qty** |\n|:-----|----:|\n| apple | 3 |\n| kiwi <3 | 12 |')).toEqual([
      '<pre>Name    │ Qty\n────────┼────\napple   │ 3\nkiwi &lt;3 │ 12</pre>',
    ]);
  });

  it('renders a horizontal rule as a line and drops empty input', () => {
    expect(renderBlocks('a\n\n---\n\nb')).toEqual(['a', '──────────', 'b']);
    expect(renderBlocks('  \n\n ')).toEqual([]);
  });
});
