import { readFileSync } from 'node:fs';
import { passwordPolicy, passwordRule } from '@lifeosai/identity/password-policy';

/**
 * The 5,000 most used passwords, lower-cased: the head of zxcvbn's `data/passwords.txt`
 * (Dropbox, MIT; counted from the Xato leak corpus). Read once, on first use.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
  return common;
}

/** Digits and symbols a person adds around a word to pass a rule ("Password1234!"). */
const decoration = /^[^\p{L}]+|[^\p{L}]+$/gu;

/**
 * Why `password` breaks the platform's rule, in words a person can act on; undefined when it
 * passes. Weak: shorter than the minimum; longer than the maximum; one of the common passwords;
 * a common password with digits or symbols around it ("Password1234!"); one short piece
 * repeated ("abcabcabcabc", "passwordpassword"); a run of consecutive characters
 * ("abcdefghijkl", "987654321098").
 */
export function weakPasswordProblem(password: string): string | undefined {
  if ([...password].length < passwordPolicy.minLength) {
    return `The password is shorter than ${passwordPolicy.minLength} characters. ${passwordRule}`;
  }
  if (password.length > passwordPolicy.maxLength) {
    return `The password is longer than ${passwordPolicy.maxLength} characters; choose a shorter one.`;
  }
  const lower = password.toLowerCase();
  const core = lower.replace(decoration, '');
  const list = commonPasswords();
  if (list.has(lower) || (core.length >= 3 && list.has(core)) || isRepeat(lower) || isRun(lower)) {
    return `This password is one of the most common ones, or built on one, so it is guessed first. ${passwordRule}`;
  }
  return undefined;
}

function isRepeat(value: string): boolean {
  return /^(.{1,8}?)\1+$/su.test(value);
}

/** Each character one up (or each one down) from the last, digits wrapping 9 → 0. */
function isRun(value: string): boolean {
  const codes = [...value].map((character) => character.codePointAt(0)!);
  const step = (from: number, to: number) => {
    if (from === 57 && to === 48) return 1;
    if (from === 48 && to === 57) return -1;
    return to - from;
  };
  const first = step(codes[0]!, codes[1]!);
  if (first !== 1 && first !== -1) return false;
  return codes.every((code, index) => index === 0 || step(codes[index - 1]!, code) === first);
}
