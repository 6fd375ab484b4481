import { invalidPlugin } from './invalid.ts';

/**
 * The path of an archive entry, normalised to `a/b/c` (no leading `./`, no trailing `/`), or a
 * thrown `PLUGIN_INVALID` when it could land outside the folder it is unpacked to: absolute
 * paths, drive letters, backslashes, `..` segments, control characters.
 */
export function safeEntryPath(raw: string): string {
  if (raw.length === 0 || raw.length > 1024) throw invalidPlugin(`an entry has an unusable path length`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(raw))
    throw invalidPlugin(
      `the entry ${JSON.stringify(raw)} has a control character or a backslash in its path`,
    );
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw))
    throw invalidPlugin(`the entry ${JSON.stringify(raw)} has an absolute path`);
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..'))
    throw invalidPlugin(`the entry ${JSON.stringify(raw)} climbs out of the bundle (..)`);
  if (segments.length === 0) throw invalidPlugin(`an entry has an empty path`);
  return segments.join('/');
}

/**
 * A path a manifest names (`./skills/x`, `skills/x`, `.` for the root), normalised like an
 * entry's; `PLUGIN_INVALID` when it leaves the bundle. `field` names it in the message.
 */
export function manifestPath(raw: string, field: string): string {
  if (raw === '.' || raw === './') return '';
  try {
    return safeEntryPath(raw);
  } catch {
    throw invalidPlugin(`${field} names ${JSON.stringify(raw)}, which is not a path inside the bundle`);
  }
}
