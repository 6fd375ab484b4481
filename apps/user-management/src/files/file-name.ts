import { PlatformError } from '@lifeosai/errors';

// Storage adds `<orgId>/<fileId>/` in front; this leaves room for it under its 1024-byte limit.
const MAX_NAME_BYTES = 900;
const MAX_SEGMENT_BYTES = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Checks a client-given file name before any byte is read: a relative POSIX path without
 * `.`/`..` segments, backslashes, control characters or a drive letter. File storage checks
 * again (and refuses symlinks); this one answers with the name the client sent.
 */
export function checkFileName(name: string): string {
  const problem = problemWith(name);
  if (problem) {
    throw new PlatformError(
      'FILE_NAME_INVALID',
      `File name ${JSON.stringify(name.slice(0, 200))} ${problem}.`,
      {
        status: 400,
      },
    );
  }
  return name;
}

function problemWith(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (CONTROL_CHARACTER.test(name)) return 'contains a control character';
  if (name.includes('\\')) return 'contains a backslash; separate folders with /';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is absolute; names are relative';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`;
  for (const segment of name.split('/')) {
    if (segment === '') return 'has an empty segment (leading, trailing or double /)';
    if (segment === '.' || segment === '..')
      return `has a "${segment}" segment, which could leave its folder`;
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return `has a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}
