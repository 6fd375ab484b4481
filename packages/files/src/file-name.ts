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

/** Uploads in progress live under this first segment in the local backend; every backend refuses it. */
export const RESERVED_FOLDER = '.tmp';

/**
 * `parseFileName` plus the rule every backend shares: the reserved first segment is refused, so a
 * name means the same thing (and is refused the same way) whatever the backend.
 */
export function parseStorageName(name: string): string[] {
  const segments = parseFileName(name);
  if (segments[0] === RESERVED_FOLDER) {
    throw invalidName(name, `starts with "${RESERVED_FOLDER}", which is reserved`);
  }
  return segments;
}

/**
 * Checks a `list` prefix (a plain string prefix: `a`, `a/`, `report-2`) and returns the folder
 * segments it names completely, or `undefined` when it names the reserved folder (nothing to list).
 */
export function parseListPrefix(prefix: string): string[] | undefined {
  if (prefix !== '') parseFileName(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const segments = folder === '' ? [] : folder.slice(0, -1).split('/');
  return segments[0] === RESERVED_FOLDER ? undefined : segments;
}

/** Files placed in storage by other means may have names `get` would refuse; listing them would mislead. */
export function isListableName(name: string): boolean {
  try {
    parseStorageName(name);
    return true;
  } catch {
    return false;
  }
}

/** The order `list` returns: by name, compared as JavaScript strings, the same on every backend. */
export function byFileName(left: { name: string }, right: { name: string }): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

export function fileNotFound(name: string): PlatformError {
  return new PlatformError('FILE_NOT_FOUND', `No file named ${JSON.stringify(name)}.`);
}

export function nameConflict(name: string, reason: string): PlatformError {
  return new PlatformError('FILE_NAME_CONFLICT', `Cannot store ${JSON.stringify(name)}: ${reason}.`);
}
