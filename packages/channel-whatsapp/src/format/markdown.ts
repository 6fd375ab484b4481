/**
 * The agent's markdown in WhatsApp's markup: `*bold*`, `_italic_`, `~strike~`, ``` ```code``` ```
 * blocks and `inline code`, links as `text (url)`, headings as bold lines, list items as
 * bullets, quotes kept (`> `, which WhatsApp renders). A line-by-line converter rather than a
 * full parser: agents write plain markdown, and anything it does not recognise passes as text.
 */
export function markdownToWhatsApp(markdown: string): string {
  // Control characters mark protected spans below; a chat message never needs them.
  const source = withoutControlCharacters(markdown.replace(/\r\n?/g, '\n'));
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of source.split('\n')) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence) && line.trim() === fenceMatch[1]) {
        fence = undefined;
        out.push('```');
      } else {
        out.push(line);
      }
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      out.push('```');
      continue;
    }
    const converted = convertLine(line);
    // Outside code, blank lines collapse to one (a paragraph break); inside, they are content.
    if (converted.trim() === '') {
      if (out.length > 0 && out.at(-1) !== '') out.push('');
      continue;
    }
    out.push(converted);
  }
  if (fence !== undefined) out.push('```');
  return out.join('\n').trim();
}

function convertLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) {
    const text = convertInline(heading[1]!).replace(/\*/g, '');
    return text ? `*${text}*` : '';
  }
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return '───';
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) {
    const [, indent, rest] = bullet;
    const task = /^\[([ xX])\]\s+(.*)$/.exec(rest!);
    const body = task ? `${task[1] === ' ' ? '☐' : '☑'} ${task[2]}` : rest!;
    return `${indent}• ${convertInline(body)}`;
  }
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  if (quote) return `> ${convertInline(quote[1]!)}`;
  return convertInline(line);
}

const BOLD = '\u0001';
const CODE = '\u0002';
const LITERAL = '\u0003';

/** Inline markup of one line; code spans are kept verbatim. */
export function convertInline(text: string): string {
  const codeSpans: string[] = [];
  const literals: string[] = [];
  let result = text.replace(
    /(`+)([^`]|[^`][^\n]{0,2000}?[^`])\1(?!`)/g,
    (_, _ticks: string, code: string) => {
      codeSpans.push(code);
      return `${CODE}${codeSpans.length - 1}${CODE}`;
    },
  );
  // Escaped characters are literal: kept out of the markup rules below.
  result = result.replace(/\\([\\`*_{}[\]()#+\-.!~>|])/g, (_, character: string) => {
    literals.push(character);
    return `${LITERAL}${literals.length - 1}${LITERAL}`;
  });
  result = result
    // Images and links: WhatsApp shows no link text, so the address follows it.
    .replace(
      /!?\[([^\]\n]{0,500})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+"[^"\n]{0,500}")?\s*\)/g,
      (_, label: string, url: string) => (label.trim() && label.trim() !== url ? `${label} (${url})` : url),
    )
    .replace(/<((?:https?|mailto):[^>\s]{1,2000})>/g, '$1')
    // Bold first (to a placeholder), so italic's single markers do not eat it.
    .replace(/(\*\*|__)(?=\S)([^\n]{0,2000}?\S)\1/g, `${BOLD}$2${BOLD}`)
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*\n]{0,2000}?[^\s*])\*(?![\w*])/g, '$1_$2_')
    .replace(/~~(?=\S)([^\n]{0,2000}?\S)~~/g, '~$1~')
    .replaceAll(BOLD, '*');
  return result
    .replace(new RegExp(`${LITERAL}(\\d+)${LITERAL}`, 'g'), (_, index: string) => literals[Number(index)]!)
    .replace(
      new RegExp(`${CODE}(\\d+)${CODE}`, 'g'),
      (_, index: string) => `\`${codeSpans[Number(index)]}\``,
    );
}

/** The text without C0 control characters other than tab and newline. */
function withoutControlCharacters(text: string): string {
  let result = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code >= 0x20 || code === 0x09 || code === 0x0a) result += character;
  }
  return result;
}
