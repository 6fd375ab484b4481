import { escapeRegExp, MIN_REDACTED_LENGTH } from './redactor.ts';

/**
 * One regular expression for every form a known secret takes once it has leaked into text an
 * agent wrote: the value itself, its JSON-escaped form (transcripts are JSON lines), and its
 * base64 encodings (`printenv KEY | base64` got past event redaction) at each of the three
 * byte alignments it can start at inside a longer encoded stream, in the standard and the
 * URL-safe alphabet, possibly wrapped across lines (`base64` wraps at 76 columns; in JSON the
 * break is the two characters `\n`).
 *
 * Base64 characters that also depend on the bytes around the secret are left out of the
 * pattern, so a match may leave one or two characters of its encoding on each side: they
 * carry at most a few bits of the secret.
 */
export function leakedFormsPattern(values: readonly string[]): RegExp | undefined {
  const plain = new Set<string>();
  const encoded = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_REDACTED_LENGTH) continue;
    plain.add(value);
    plain.add(JSON.stringify(value).slice(1, -1));
    for (const core of base64Cores(value)) {
      encoded.add(core);
      encoded.add(core.replaceAll('+', '-').replaceAll('/', '_'));
    }
  }
  const alternatives = [
    ...[...plain].map(escapeRegExp),
    ...[...encoded].map((core) => [...core].map(escapeRegExp).join(LINE_BREAK)),
  ];
  if (alternatives.length === 0) return undefined;
  // Longest first: alternation takes the first branch that matches, and a form that contains
  // another must be replaced whole.
  alternatives.sort((left, right) => right.length - left.length);
  return new RegExp(alternatives.join('|'), 'g');
}

// An optional line break between two base64 characters: a real one, or JSON's escaped one.
const LINE_BREAK = String.raw`(?:\r?\n|(?:\\r)?\\n)?`;

/**
 * The base64 characters of `value` that are the same whatever bytes surround it, for each
 * alignment (0, 1 or 2 bytes before it in its group of three). Short cores are dropped: they
 * would match unrelated base64.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters before this one mix in the bytes before the secret.
    const start = [0, 2, 3][offset]!;
    // Characters from here on mix in the bytes after it (or are padding).
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length >= 2 * MIN_REDACTED_LENGTH) cores.push(core);
  }
  return cores;
}
