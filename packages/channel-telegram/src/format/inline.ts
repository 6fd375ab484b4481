import { escapeAttribute, escapeHtml, safeHref } from './escape.ts';

const ESCAPABLE = /[!-/:-@[-`{-~]/;

/**
 * Inline markdown → Telegram HTML: `code`, **bold** and __bold__, *italic* and _italic_, ~~strike~~,
 * [links](url) and <autolinks> (http/https/mailto only; other links keep their text), backslash
 * escapes. Everything else is escaped text, so raw HTML in the agent's reply shows as text.
 */
export function renderInline(text: string, inLink = false): string {
  const memo: Memo = { code: new Map(), emphasis: new Map() };
  let html = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const next = text[index + 1];
    if (char === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      html += escapeHtml(next);
      index += 2;
      continue;
    }
    if (char === '`') {
      const span = codeSpan(text, index, memo);
      html += span.html;
      index = span.end;
      continue;
    }
    if ((char === '[' || (char === '!' && next === '[')) && !inLink) {
      const link = parseLink(text, char === '!' ? index + 1 : index);
      if (link) {
        const label = renderInline(link.label, true) || escapeHtml(link.destination);
        const href = safeHref(link.destination);
        html += href ? `<a href="${escapeAttribute(href)}">${label}</a>` : label;
        index = link.end;
        continue;
      }
    }
    if (char === '<' && !inLink) {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(index));
      const href = auto ? safeHref(auto[1]!) : undefined;
      if (auto && href) {
        html += `<a href="${escapeAttribute(href)}">${escapeHtml(auto[1]!)}</a>`;
        index += auto[0].length;
        continue;
      }
    }
    if (char === '*' || char === '_' || char === '~') {
      const emphasis = parseEmphasis(text, index, inLink, memo);
      if (emphasis) {
        html += emphasis.html;
        index = emphasis.end;
        continue;
      }
    }
    html += escapeHtml(char);
    index++;
  }
  return html;
}

function runLength(text: string, index: number, char: string): number {
  let end = index;
  while (text[end] === char) end++;
  return end - index;
}

/**
 * Searches that found nothing, so a reply full of unmatched `*` or backticks stays linear:
 * no closing run of n backticks after `code[n]`; no closer for `emphasis[char+n]` in [from, to).
 */
interface Memo {
  code: Map<number, number>;
  emphasis: Map<string, [number, number]>;
}

function codeSpan(text: string, index: number, memo: Memo): { html: string; end: number } {
  const length = runLength(text, index, '`');
  const fence = '`'.repeat(length);
  const unmatched = { html: escapeHtml(fence), end: index + length };
  if (index >= (memo.code.get(length) ?? Number.POSITIVE_INFINITY)) return unmatched;
  for (let search = index + length; ; ) {
    const close = text.indexOf(fence, search);
    if (close < 0) {
      memo.code.set(length, index);
      return unmatched;
    }
    if (runLength(text, close, '`') !== length) {
      search = close + runLength(text, close, '`');
      continue;
    }
    let content = text.slice(index + length, close).replace(/\n/g, ' ');
    if (/^ .* $/.test(content) && content.trim() !== '') content = content.slice(1, -1);
    return { html: `<code>${escapeHtml(content)}</code>`, end: close + length };
  }
}

const MAX_LINK = 3000;

function parseLink(
  text: string,
  open: number,
): { label: string; destination: string; end: number } | undefined {
  let depth = 0;
  let close = -1;
  // Bounded: a label and a URL fit well within it, and unmatched brackets stay cheap.
  const end = Math.min(text.length, open + MAX_LINK);
  for (let index = open; index < end; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) {
      close = index;
      break;
    }
  }
  if (close < 0 || text[close + 1] !== '(') return undefined;
  let parens = 0;
  for (let index = close + 1; index < end; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '(') parens++;
    else if (char === ')' && --parens === 0) {
      const inside = text.slice(close + 2, index).trim();
      const destination = (/^<([^>]*)>/.exec(inside)?.[1] ?? inside.split(/\s+/)[0] ?? '').trim();
      return { label: text.slice(open + 1, close), destination, end: index + 1 };
    } else if (char === '\n' && text[index + 1] === '\n') return undefined;
  }
  return undefined;
}

const TAGS: Record<string, Record<number, [string, string]>> = {
  '*': { 1: ['<i>', '</i>'], 2: ['<b>', '</b>'], 3: ['<b><i>', '</i></b>'] },
  _: { 1: ['<i>', '</i>'], 2: ['<b>', '</b>'], 3: ['<b><i>', '</i></b>'] },
  '~': { 2: ['<s>', '</s>'] },
};

/** A delimiter run that opens (not before a space) and finds a closing run of the same length. */
function parseEmphasis(
  text: string,
  index: number,
  inLink: boolean,
  memo: Memo,
): { html: string; end: number } | undefined {
  const char = text[index]!;
  const run = runLength(text, index, char);
  const before = text[index - 1] ?? ' ';
  // snake_case and 2*3*4 stay as they are.
  if (char === '_' && /[\p{L}\p{N}]/u.test(before)) return undefined;
  for (let length = Math.min(run, 3); length >= 1; length--) {
    const tags = TAGS[char]?.[length];
    if (!tags) continue;
    const start = index + run;
    if (start >= text.length || /\s/.test(text[start]!)) return undefined;
    const close = findCloser(text, start, char, length, memo);
    if (close === undefined) continue;
    const inner = text.slice(index + length, close);
    return { html: `${tags[0]}${renderInline(inner, inLink)}${tags[1]}`, end: close + length };
  }
  return undefined;
}

function findCloser(
  text: string,
  from: number,
  char: string,
  length: number,
  memo: Memo,
): number | undefined {
  const key = `${char}${length}`;
  const known = memo.emphasis.get(key);
  if (known && from >= known[0] && from < known[1]) return undefined;
  const found = scanForCloser(text, from, char, length, memo);
  if (typeof found === 'object') {
    memo.emphasis.set(key, [from, found.stoppedAt]);
    return undefined;
  }
  return found;
}

function scanForCloser(
  text: string,
  from: number,
  char: string,
  length: number,
  memo: Memo,
): number | { stoppedAt: number } {
  for (let index = from; index < text.length; index++) {
    const current = text[index];
    if (current === '\\') {
      index++;
      continue;
    }
    if (current === '`') {
      index = codeSpan(text, index, memo).end - 1;
      continue;
    }
    if (current === '\n' && text[index + 1] === '\n') return { stoppedAt: index };
    if (current !== char) continue;
    const run = runLength(text, index, char);
    const after = text[index + run] ?? ' ';
    if (
      run >= length &&
      !/\s/.test(text[index - 1]!) &&
      index > from &&
      !(char === '_' && /[\p{L}\p{N}]/u.test(after))
    ) {
      return index + run - length;
    }
    index += run - 1;
  }
  return { stoppedAt: text.length };
}
