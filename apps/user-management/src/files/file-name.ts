import { PlatformError } from '@lifeosai/errors';
import { hiddenCharacterIn } from '@lifeosai/http-kit';

// Storage adds `<orgId>/<fileId>/` in front; this leaves room for it under its 1024-byte limit.
const MAX_NAME_BYTES = 900;
const MAX_SEGMENT_BYTES = 255;

/**
 * Checks a client-given file name before any byte is read: a relative POSIX path without
 * `.`/`..` segments, backslashes, control or invisible formatting characters (right-to-left
 * overrides and the like: the shared name rule of http-kit) or a drive letter. File storage checks
 * again (and refuses symlinks); this one answers with the name the client sent.
 */
export function checkFileName(name: string): string {
  const problem = problemWith(name);
  if (problem) {
    throw new PlatformError(
      'FILE_NAME_INVALID',
      `File name ${JSON.stringify(name.slice(0, 200))} ${problem}.`,
    );
  }
  return name;
}

function problemWith(name: string): string | undefined {
  if (name === '') return 'is empty';
  const hidden = hiddenCharacterIn(name);
  if (hidden) return `contains ${hidden}, a control or invisible formatting character; rename it`;
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
