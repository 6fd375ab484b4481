import { z } from 'zod';

/**
 * Characters a name must not hold: controls (C0 with NUL, DEL, C1), line and paragraph
 * separators, and invisible format characters — bidirectional marks, embeddings, overrides and
 * isolates (U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C), zero-width space, word joiner,
 * BOM, soft hyphen, tag characters. They make a name look like another (`invoice‮fdp.exe`) or
 * hide text. The zero-width joiner and non-joiner stay allowed: emoji sequences and several
 * scripts need them.
 */
const HIDDEN_CHARACTER = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** What a name may not contain, as a message that says what to do. */
export const hiddenCharacterMessage =
  'must not contain control characters or invisible formatting characters (such as right-to-left overrides); type it again';

/** The first character of `text` a name may not hold, as `U+XXXX`; `undefined` when it has none. */
export function hiddenCharacterIn(text: string): string | undefined {
  const found = HIDDEN_CHARACTER.exec(text)?.[0];
  return found === undefined
    ? undefined
    : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** True when `text` holds no character a name may not hold. */
export function isVisibleText(text: string): boolean {
  return hiddenCharacterIn(text) === undefined;
}

/**
 * The one check for every name a person gives (agents, keys, secrets, files, organizations,
 * members, sessions…): a string of at most `max` characters, trimmed, not empty, with no
 * control or invisible formatting character. A refused name is a 400 naming the field.
 */
export function visibleName(options: { max: number }) {
  return z.string().trim().min(1).max(options.max).refine(isVisibleText, hiddenCharacterMessage);
}
