import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/**
 * Extra folders a run may read and not write (an enabled plugin's unpacked files), and the
 * one folder of the platform's they may come from.
 */
export interface ReadOnlyFolders {
  /**
   * The only place they may be (the plugin cache, `$LIFEOSAI_HOME/plugins`): the rest of the
   * platform's home stays hidden. Itself never bound, only folders strictly inside it.
   */
  readonly root: string;
  /** Bound read-only at the same path inside the sandbox. */
  readonly folders: ReadonlyArray<string>;
}

/**
 * Checks each read-only folder before it is bound: an absolute, normalised path strictly inside
 * `root`, a directory reached through no symbolic link below `root` (so it cannot point back at
 * the key files or another agent), and not around any of the run's writable folders. Throws naming
 * the folder: a refused folder is the platform's own mistake, never the agent's input.
 */
export async function checkReadOnlyFolders(
  readOnly: ReadOnlyFolders,
  writable: ReadonlyArray<string>,
): Promise<string[]> {
  const { root } = readOnly;
  // The home itself may sit behind a link (/home → /data/home); below the root, no link counts.
  const realRoot = await realpath(root);
  const checked: string[] = [];
  for (const folder of readOnly.folders) {
    const refuse = (why: string) => new Error(`Read-only folder ${folder} refused: ${why}.`);
    if (!isAbsolute(folder) || normalize(folder) !== folder || folder.endsWith(sep)) {
      throw refuse('not an absolute, normalised path');
    }
    if (!strictlyInside(folder, root)) throw refuse(`not inside ${root}`);
    const real = await realpath(folder).catch(() => undefined);
    if (real !== join(realRoot, relative(root, folder))) {
      throw refuse('missing, or reached through a symbolic link');
    }
    if (!(await stat(folder)).isDirectory()) throw refuse('not a directory');
    if (writable.some((path) => path === folder || strictlyInside(path, folder))) {
      throw refuse('it holds a writable folder of the run');
    }
    checked.push(folder);
  }
  return checked;
}

function strictlyInside(path: string, folder: string): boolean {
  const way = relative(folder, path);
  return way !== '' && way !== '..' && !way.startsWith(`..${sep}`) && !isAbsolute(way);
}
