import { randomUUID } from 'node:crypto';
import { constants, createWriteStream, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ByteMeter } from './byte-meter.ts';
import {
  byFileName,
  nameConflict as conflict,
  invalidName,
  isListableName,
  fileNotFound as notFound,
  parseListPrefix,
  parseStorageName,
  RESERVED_FOLDER as TEMP_DIR,
} from './file-name.ts';
import type { FileContent, FileStat, FileStorage, PutFileOptions, StoredFile } from './file-storage.ts';
import { lstatInside } from './lstat-inside.ts';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export interface LocalFileStorageOptions {
  /** Folder that holds every file (e.g. `$LIFEOSAI_HOME/files`); created 0700 on first use. */
  root: string;
}

/**
 * A `FileStorage` in a local folder. Writes go to `<root>/.tmp` and are renamed into place, and
 * every operation refuses names that pass through a symlink.
 *
 * Limit: the symlink check and the file operation are separate system calls, so a process that
 * can already write inside the root could swap a folder for a symlink in between. Node has no
 * `openat`; keep the root private to the platform (it is created 0700).
 */
export function createLocalFileStorage(options: LocalFileStorageOptions): FileStorage {
  const root = resolve(options.root);
  const tempDir = join(root, TEMP_DIR);

  function pathOf(name: string): { segments: string[]; path: string } {
    const segments = parseStorageName(name);
    const path = join(root, ...segments);
    // parseFileName already rules this out; kept as a second lock on the same door.
    if (!path.startsWith(root + sep)) throw invalidName(name, 'resolves outside the storage root');
    return { segments, path };
  }

  async function put(name: string, source: AsyncIterable<Uint8Array>, putOptions: PutFileOptions) {
    const { segments, path } = pathOf(name);
    const meter = new ByteMeter(putOptions.maxBytes);
    // Every time, not once: an operator may have removed the folder since the last upload.
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    await lstatInside(root, [TEMP_DIR]);
    await refuseFolder(name, segments);
    await refuseFileOnTheWay(name, segments);
    const tempPath = join(tempDir, randomUUID());
    try {
      await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600, flush: true }));
      await makeParents(name, segments, path);
      // Checked again right before the rename: a symlink created during the upload must not win.
      await refuseFolder(name, segments);
      await rename(tempPath, path);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { name, size: meter.bytes, sha256: meter.sha256() } satisfies StoredFile;
  }

  /** A file where one of the name's folders would be: refused before the upload reads a byte. */
  async function refuseFileOnTheWay(name: string, segments: string[]): Promise<void> {
    for (let end = 1; end < segments.length; end++) {
      const stats = await lstatInside(root, segments.slice(0, end));
      if (!stats) return;
      if (!stats.isDirectory()) throw conflict(name, 'a file is in the way of its folder');
    }
  }

  async function refuseFolder(name: string, segments: string[]): Promise<void> {
    if ((await lstatInside(root, segments))?.isDirectory()) {
      throw conflict(name, 'a folder already has that name');
    }
  }

  async function makeParents(name: string, segments: string[], path: string): Promise<void> {
    // Symlinks on the way must be refused before mkdir, which would follow them.
    await lstatInside(root, segments.slice(0, -1));
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR') throw conflict(name, 'a file is in the way of its folder');
      throw error;
    }
  }

  async function get(name: string): Promise<FileContent> {
    const { segments, path } = pathOf(name);
    if (!(await lstatInside(root, segments))?.isFile()) throw notFound(name);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      // O_NOFOLLOW: a symlink swapped in after the check is refused rather than followed.
      handle = await open(path, constants.O_RDONLY | NO_FOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(name);
      if (code === 'ELOOP') throw invalidName(name, 'is a symlink, which file storage does not follow');
      throw error;
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw notFound(name);
    }
    return { stream: handle.createReadStream(), size: stats.size };
  }

  async function stat(name: string): Promise<FileStat | undefined> {
    const stats = await lstatInside(root, pathOf(name).segments);
    return stats?.isFile() ? { name, size: stats.size, modifiedAt: stats.mtime } : undefined;
  }

  async function remove(name: string): Promise<boolean> {
    const { segments, path } = pathOf(name);
    if (!(await lstatInside(root, segments))?.isFile()) return false;
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async function list(prefix = ''): Promise<FileStat[]> {
    // Only the folders the prefix names completely are walked into directly.
    const folderSegments = parseListPrefix(prefix);
    if (!folderSegments) return [];
    if (folderSegments.length > 0 && !(await lstatInside(root, folderSegments))?.isDirectory()) return [];
    const files: FileStat[] = [];
    await collect(folderSegments.join('/'), prefix, files);
    return files.sort(byFileName);
  }

  async function collect(folder: string, prefix: string, into: FileStat[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, folder), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const name = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (name === TEMP_DIR) continue;
      // Symlinks are neither files nor folders here: they are skipped, never followed.
      if (entry.isDirectory() && (prefix.startsWith(`${name}/`) || `${name}/`.startsWith(prefix))) {
        await collect(name, prefix, into);
      } else if (entry.isFile() && name.startsWith(prefix) && isListableName(name)) {
        const stats = await lstat(join(root, name));
        into.push({ name, size: stats.size, modifiedAt: stats.mtime });
      }
    }
  }

  return { put, get, stat, delete: remove, list };
}
