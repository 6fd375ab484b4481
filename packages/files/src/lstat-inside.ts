import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidName } from './file-name.ts';

/**
 * `lstat`s `root/segments…` one component at a time and returns the target's stats, or
 * `undefined` when it (or a folder on the way) does not exist or a component is not a folder.
 * Any component that is a symlink is refused with `FILE_NAME_INVALID`: following one could read
 * or write outside the root, and `mkdir -p` would silently create folders wherever it points.
 */
export async function lstatInside(root: string, segments: readonly string[]): Promise<Stats | undefined> {
  let path = root;
  let stats: Stats | undefined;
  for (const [index, segment] of segments.entries()) {
    if (stats && !stats.isDirectory()) return undefined;
    path = join(path, segment);
    try {
      stats = await lstat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (stats.isSymbolicLink()) {
      throw invalidName(
        segments.join('/'),
        `passes through the symlink "${segments.slice(0, index + 1).join('/')}", which file storage does not follow`,
      );
    }
  }
  return stats;
}
