import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';
import { archiveChecksum, checksumHex } from './checksum.ts';
import type { ArchiveLimits } from './limits.ts';
import { readArchiveFiles } from './read-archive.ts';

/**
 * Unpacks a bundle to `<cacheRoot>/<checksum as hex>` and returns that folder: files 0444,
 * folders 0555. The archive must match `checksum` (`sha256-<base64>`, as stored), else
 * `PLUGIN_INVALID`. Idempotent and safe when several runs unpack the same bundle at once: each
 * unpacks into its own temporary folder beside the target and renames it into place; a rename
 * that loses the race discards its copy. A folder that exists is complete (rename is atomic).
 */
export async function unpackPlugin(
  archive: Uint8Array,
  checksum: string,
  cacheRoot: string,
  limits?: ArchiveLimits,
): Promise<string> {
  const hex = checksumHex(checksum);
  if (!hex || archiveChecksum(archive) !== checksum) {
    throw new PlatformError(
      'PLUGIN_INVALID',
      'The plugin archive does not match its checksum; reinstall the plugin.',
    );
  }
  const target = join(cacheRoot, hex);
  if (await exists(target)) return target;
  const files = await readArchiveFiles(archive, limits);
  await mkdir(cacheRoot, { recursive: true });
  const temporary = join(cacheRoot, `.unpacking-${hex.slice(0, 16)}-${randomUUID()}`);
  try {
    const folders = new Set<string>([temporary]);
    for (const [path, bytes] of files) {
      const file = join(temporary, path);
      for (let folder = dirname(file); folder.startsWith(temporary); folder = dirname(folder))
        folders.add(folder);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes, { mode: 0o444, flag: 'wx' });
    }
    // Deepest first, so each folder is still writable while its children are sealed.
    for (const folder of [...folders].sort((left, right) => right.length - left.length))
      await chmod(folder, 0o555);
    try {
      await rename(temporary, target);
    } catch (error) {
      if (!(await exists(target))) throw error;
    }
  } finally {
    await removeTree(temporary);
  }
  return target;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Removes a read-only tree (its folders made writable first); nothing when it is gone. */
async function removeTree(path: string): Promise<void> {
  if (!(await exists(path))) return;
  const makeWritable = async (folder: string): Promise<void> => {
    await chmod(folder, 0o755);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) await makeWritable(join(folder, entry.name));
    }
  };
  await makeWritable(path);
  await rm(path, { recursive: true, force: true });
}
