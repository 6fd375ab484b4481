/**
 * Splits Telegram HTML into parts of at most `limit` UTF-16 units each, every part with its
 * tags balanced: tags open at a cut are closed at the end of the part and opened again at the
 * start of the next (a code block stays a code block in every part). Cuts prefer a blank line,
 * then a line end, then a space, then any place between two graphemes (never inside a tag,
 * an entity, a surrogate pair or an emoji sequence). The whitespace cut at is dropped.
 */
export function splitHtml(html: string, limit: number): string[] {
  const atoms = tokenize(html);
  const parts: string[] = [];
  let stack: Atom[] = [];
  let start = 0;
  while (start < atoms.length) {
    const prefix = stack.map((atom) => atom.text).join('');
    const open = [...stack];
    let consumed = prefix.length;
    let closers = closingLength(open);
    const best: Record<Kind, Cut | undefined> = {
      paragraph: undefined,
      line: undefined,
      space: undefined,
      any: undefined,
    };
    let index = start;
    for (; index < atoms.length; index++) {
      if (consumed + closers <= limit && index > start) record(best, atoms, index, open);
      const atom = atoms[index]!;
      consumed += atom.text.length;
      if (atom.open) {
        open.push(atom);
        closers += `</${atom.open}>`.length;
      } else if (atom.close) {
        open.pop();
        closers -= `</${atom.close}>`.length;
      }
      if (consumed + closers > limit) break;
    }
    if (index >= atoms.length) {
      pushPart(parts, prefix, atoms.slice(start), []);
      break;
    }
    const cut = best.paragraph ?? best.line ?? best.space ?? best.any ?? forced(atoms, start, stack);
    pushPart(parts, prefix, atoms.slice(start, cut.end), cut.stack);
    stack = cut.stack;
    start = cut.next;
  }
  return parts;
}

type Kind = 'paragraph' | 'line' | 'space' | 'any';

interface Atom {
  text: string;
  /** The tag name of an opening tag. */
  open?: string;
  /** The tag name of a closing tag. */
  close?: string;
  /** Visible text (not a tag). */
  visible: boolean;
}

interface Cut {
  /** The part ends before this atom. */
  end: number;
  /** The next part starts at this atom (past the whitespace cut at). */
  next: number;
  /** Tags open at the cut. */
  stack: Atom[];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function tokenize(html: string): Atom[] {
  const atoms: Atom[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>|&#?[a-zA-Z0-9]+;|[^<&]+|[<&]/g)) {
    const [text, slash, name] = match;
    if (name !== undefined)
      atoms.push(slash ? { text, close: name, visible: false } : { text, open: name, visible: false });
    else if (text.startsWith('&') && text.length > 1) atoms.push({ text, visible: true });
    else for (const { segment } of segmenter.segment(text)) atoms.push({ text: segment, visible: true });
  }
  return atoms;
}

function record(best: Record<Kind, Cut | undefined>, atoms: Atom[], index: number, open: Atom[]): void {
  const atom = atoms[index]!;
  const stack = [...open];
  if (atom.text === '\n' && atoms[index + 1]?.text === '\n')
    best.paragraph = { end: index, next: index + 2, stack };
  else if (atom.text === '\n' || atom.text === '\r\n') best.line = { end: index, next: index + 1, stack };
  else if (atom.text === ' ') best.space = { end: index, next: index + 1, stack };
  // Not right after an opening tag: that part would end with an empty element.
  if (!atoms[index - 1]?.open) best.any = { end: index, next: index, stack };
}

/** Only when a single atom cannot fit with its tags: it goes alone (never loops). */
function forced(atoms: Atom[], start: number, stack: Atom[]): Cut {
  const open = [...stack];
  let end = start;
  do {
    const atom = atoms[end++]!;
    if (atom.open) open.push(atom);
    else if (atom.close) open.pop();
  } while (end < atoms.length && !atoms[end - 1]!.visible);
  return { end, next: end, stack: open };
}

function closingLength(stack: Atom[]): number {
  return stack.reduce((total, atom) => total + `</${atom.open}>`.length, 0);
}

function pushPart(parts: string[], prefix: string, body: Atom[], open: Atom[]): void {
  if (!body.some((atom) => atom.visible && atom.text.trim() !== '')) return;
  const closers = [...open]
    .reverse()
    .map((atom) => `</${atom.open}>`)
    .join('');
  parts.push(`${prefix}${body.map((atom) => atom.text).join('')}${closers}`);
}
