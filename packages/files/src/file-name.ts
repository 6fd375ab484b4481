import { PlatformError } from '@lifeosai/errors';

// Common file-system limits, checked here so callers get a clear 400 rather than ENAMETOOLONG.
const MAX_NAME_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;
// NUL truncates paths in C APIs; other control characters (newlines) forge log lines.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// `C:x` is relative to a drive's current directory on Windows; we refuse it on every platform so
// that a name means the same thing wherever the platform runs.
const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * Checks that `name` is a relative POSIX path that stays inside a storage root and returns its
 * segments. Refused: empty names, control characters, backslashes, absolute or drive paths, and
 * empty, `.` or `..` segments. Symlinks are the backend's to check; this is syntax only.
 */
export function parseFileName(name: string): string[] {
  if (typeof name !== 'string' || name === '') throw invalidName(name, 'is empty');
  if (CONTROL_CHARACTER.test(name)) throw invalidName(name, 'contains a control character (such as NUL)');
  if (name.includes('\\')) throw invalidName(name, 'contains a backslash; separate folders with /');
  if (name.startsWith('/') || DRIVE_LETTER.test(name)) {
    throw invalidName(name, 'is absolute; names are relative to the storage root');
  }
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw invalidName(name, `is longer than ${MAX_NAME_BYTES} bytes`);
  const segments = name.split('/');
  for (const segment of segments) {
    if (segment === '') throw invalidName(name, 'has an empty segment (leading, trailing or double /)');
    if (segment === '.' || segment === '..') throw invalidName(name, `has a "${segment}" segment`);
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
      throw invalidName(name, `has a segment longer than ${MAX_SEGMENT_BYTES} bytes`);
    }
  }
  return segments;
}

/** A `FILE_NAME_INVALID` (400) error for `name`, saying what is wrong with it. */
export function invalidName(name: string, problem: string): PlatformError {
  const shown = JSON.stringify(String(name).slice(0, 200));
  return new PlatformError('FILE_NAME_INVALID', `File name ${shown} ${problem}.`);
}
