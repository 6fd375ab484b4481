const FENCE = '```';
/** Room kept in every part for closing a code block the cut falls inside ("\n```"). */
const CLOSER = `\n${FENCE}`;

/**
 * Splits WhatsApp text into parts of at most `limit` UTF-16 code units: at the last paragraph
 * break that fits, else the last line break, else the last space, else anywhere — but never
 * between the two halves of a surrogate pair. A code block cut in two is closed at the end of
 * one part and reopened at the start of the next, so each part renders on its own.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (limit < 16) throw new RangeError('limit must leave room for code fences');
  const parts: string[] = [];
  let rest = text;
  let inCode = false;
  while (rest.length > 0) {
    const prefix = inCode ? `${FENCE}\n` : '';
    if (prefix.length + rest.length <= limit && !endsInsideCode(inCode, rest)) {
      parts.push(prefix + rest);
      break;
    }
    const budget = limit - prefix.length - CLOSER.length;
    const window = rest.slice(0, budget + 1);
    const { cut, skip } = cutPoint(window, budget, prefix.length + rest.length <= limit);
    const chunk = rest.slice(0, cut).replace(/\s+$/, '');
    const open = endsInsideCode(inCode, rest.slice(0, cut));
    if (chunk.trim()) parts.push(prefix + chunk + (open ? CLOSER : ''));
    rest = rest.slice(cut + skip);
    if (!open) rest = rest.replace(/^\n+/, '');
    inCode = open;
  }
  return parts.filter((part) => part.trim() !== '' && part.trim() !== `${FENCE}\n${FENCE}`);
}

/** Where to cut `window` (at most `budget` units kept) and how many separator units to drop. */
function cutPoint(window: string, budget: number, wholeFits: boolean): { cut: number; skip: number } {
  if (wholeFits && window.length <= budget) return { cut: window.length, skip: 0 };
  const head = window.slice(0, budget);
  const half = Math.floor(budget / 2);
  const paragraph = head.lastIndexOf('\n\n');
  if (paragraph > half) return { cut: paragraph, skip: 2 };
  const line = head.lastIndexOf('\n');
  if (line > half / 2) return { cut: line, skip: 1 };
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'));
  if (space > half / 2) return { cut: space, skip: 1 };
  let cut = budget;
  const code = window.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { cut, skip: 0 };
}

/** Whether, starting inside or outside a code block, the text ends inside one. */
function endsInsideCode(startsInside: boolean, text: string): boolean {
  let inside = startsInside;
  for (const line of text.split('\n')) if (line.trim() === FENCE) inside = !inside;
  return inside;
}
