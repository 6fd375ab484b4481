/**
 * Telegram's `parse_mode: "HTML"` check, strict where Telegram is: only its tag subset, every
 * tag closed in order, no markup inside `code`/`pre` (except `pre > code`). Returns the plain
 * text (what Telegram counts against the 4096 limit) or the 400 description Telegram gives.
 */
const SUPPORTED = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlCheck = { ok: true; plain: string } | { ok: false; description: string };

export function checkTelegramHtml(html: string): HtmlCheck {
  const stack: string[] = [];
  let plain = '';
  let index = 0;
  const fail = (problem: string): HtmlCheck => ({
    ok: false,
    description: `Bad Request: can't parse entities: ${problem}`,
  });
  const byteOffset = (at: number) => Buffer.byteLength(html.slice(0, at));
  while (index < html.length) {
    const char = html[index];
    if (char === '&') {
      const match = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(index, index + 12));
      const name = match?.[1];
      if (name?.startsWith('#x') || name?.startsWith('#X'))
        plain += String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      else if (name?.startsWith('#')) plain += String.fromCodePoint(Number(name.slice(1)));
      else if (name && NAMED[name.toLowerCase()]) plain += NAMED[name.toLowerCase()];
      else {
        plain += '&';
        index++;
        continue;
      }
      index += match![0].length;
      continue;
    }
    if (char !== '<') {
      plain += char;
      index++;
      continue;
    }
    const end = html.indexOf('>', index);
    if (end < 0) return fail(`Can't find end of the tag starting at byte offset ${byteOffset(index)}`);
    const tag = html.slice(index + 1, end);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (open === undefined) return fail(`Unexpected end tag at byte offset ${byteOffset(index)}`);
      if (open !== name) return fail(`Can't find end tag corresponding to start tag "${open}"`);
    } else {
      const name = (/^[a-zA-Z0-9-]*/.exec(tag)?.[0] ?? '').toLowerCase();
      if (!SUPPORTED.has(name))
        return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(index)}`);
      const parent = stack.at(-1);
      if ((parent === 'code' || parent === 'pre') && !(parent === 'pre' && name === 'code')) {
        return fail(`Can't parse entities inside "${parent}" at byte offset ${byteOffset(index)}`);
      }
      if (name === 'a' && !/\shref\s*=\s*"[^"]*"/.test(tag)) {
        return fail(`Can't find attribute "href" of tag "a" at byte offset ${byteOffset(index)}`);
      }
      stack.push(name);
    }
    index = end + 1;
  }
  const unclosed = stack.pop();
  if (unclosed !== undefined) return fail(`Can't find end tag corresponding to start tag "${unclosed}"`);
  return { ok: true, plain };
}
