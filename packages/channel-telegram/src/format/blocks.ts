import { escapeHtml } from './escape.ts';
import { renderInline } from './inline.ts';
import { renderTable, TABLE_DIVIDER } from './table.ts';

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;

/**
 * Markdown blocks → Telegram HTML blocks (joined with a blank line by the caller): fenced code
 * → `<pre><code class="language-x">`, headings → a bold line, lists → "• " / "1." lines,
 * blockquotes, tables → monospace `<pre>`, paragraphs (single newlines kept: chat text).
 * Inside a quote, code and tables become plain lines (Telegram nests no blocks in a quote).
 */
export function renderBlocks(markdown: string, inQuote = false): string[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === '') {
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      index++;
      while (index < lines.length && !isClosingFence(lines[index]!, marker)) body.push(lines[index++]!);
      index++;
      const code = escapeHtml(body.join('\n'));
      const language = LANGUAGE.test(fence[2] ?? '') ? fence[2] : undefined;
      if (inQuote) blocks.push(code);
      else
        blocks.push(
          language ? `<pre><code class="language-${language}">${code}</code></pre>` : `<pre>${code}</pre>`,
        );
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      if (heading[2]) blocks.push(`<b>${renderInline(heading[2])}</b>`);
      index++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push('──────────');
      index++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index]!)) body.push(lines[index++]!.replace(QUOTE, ''));
      const inner = renderBlocks(body.join('\n'), true).join('\n');
      if (inner !== '') blocks.push(inQuote ? inner : `<blockquote>${inner}</blockquote>`);
      continue;
    }
    if (line.includes('|') && TABLE_DIVIDER.test(lines[index + 1] ?? '')) {
      const rows = [line];
      index += 2;
      while (index < lines.length && lines[index]!.includes('|') && lines[index]!.trim() !== '')
        rows.push(lines[index++]!);
      const table = escapeHtml(renderTable(rows));
      blocks.push(inQuote ? table : `<pre>${table}</pre>`);
      continue;
    }
    if (ITEM.test(line)) {
      const items: string[] = [];
      while (index < lines.length) {
        const item = ITEM.exec(lines[index]!);
        if (item) {
          items.push(renderItem(item[1]!, item[2]!, item[3]!));
          index++;
        } else if (lines[index]!.trim() !== '' && /^\s+/.test(lines[index]!) && !startsBlock(lines[index]!)) {
          items.push(`${'  '.repeat(indentLevel(lines[index]!))}${renderInline(lines[index]!.trim())}`);
          index++;
        } else if (lines[index]!.trim() === '' && ITEM.test(lines[index + 1] ?? '')) index++;
        else break;
      }
      blocks.push(items.join('\n'));
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== '') {
      if (paragraph.length > 0 && /^ {0,3}(=+|-+)\s*$/.test(lines[index]!)) {
        // A setext heading: the paragraph so far is its text.
        blocks.push(`<b>${renderInline(paragraph.splice(0).join('\n'))}</b>`);
        index++;
        break;
      }
      if (paragraph.length > 0 && startsBlock(lines[index]!)) break;
      if (paragraph.length > 0 && lines[index]!.includes('|') && TABLE_DIVIDER.test(lines[index + 1] ?? ''))
        break;
      paragraph.push(lines[index++]!.replace(/\s+$/, '').replace(/^\s+/, ''));
    }
    if (paragraph.length > 0) blocks.push(renderInline(paragraph.join('\n')));
  }
  return blocks.filter((block) => block.trim() !== '');
}

function isClosingFence(line: string, opening: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return Boolean(match && match[1]![0] === opening[0] && match[1]!.length >= opening.length);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function indentLevel(line: string): number {
  const spaces = (/^\s*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
  return Math.min(Math.floor(spaces / 2), 6);
}

function renderItem(indent: string, marker: string, text: string): string {
  const task = /^\[([ xX])\]\s+(.*)$/.exec(text);
  const bullet = /\d/.test(marker) ? `${marker.slice(0, -1)}.` : task ? (task[1] === ' ' ? '☐' : '☑') : '•';
  return `${'  '.repeat(indentLevel(indent))}${bullet} ${renderInline(task ? task[2]! : text)}`;
}
