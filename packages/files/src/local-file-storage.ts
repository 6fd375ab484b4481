import { randomUUID } from 'node:crypto';
import { constants, createWriteStream, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PlatformError } from '@lifeosai/errors';
import { ByteMeter } from './byte-meter.ts';
import { invalidName, parseFileName } from './file-name.ts';
import type { FileContent, FileStat, FileStorage, PutFileOptions, StoredFile } from './file-storage.ts';
import { lstatInside } from './lstat-inside.ts';

/** Uploads in progress are written here, inside the root, so the final rename never crosses devices. */
const TEMP_DIR = '.tmp';
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
    const segments = parseFileName(name);
    if (segments[0] === TEMP_DIR) throw invalidName(name, `starts with "${TEMP_DIR}", which is reserved`);
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
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    if (prefix !== '') parseFileName(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
    const folderSegments = folder === '' ? [] : folder.slice(0, -1).split('/');
    if (folderSegments[0] === TEMP_DIR) return [];
    if (folderSegments.length > 0 && !(await lstatInside(root, folderSegments))?.isDirectory()) return [];
    const files: FileStat[] = [];
    await collect(folderSegments.join('/'), prefix, files);
    return files.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
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
      } else if (entry.isFile() && name.startsWith(prefix) && isValidName(name)) {
        const stats = await lstat(join(root, name));
        into.push({ name, size: stats.size, modifiedAt: stats.mtime });
      }
    }
  }

  return { put, get, stat, delete: remove, list };
}

// Files placed in the root by hand may have names `get` would refuse; listing them would mislead.
function isValidName(name: string): boolean {
  try {
    parseFileName(name);
    return true;
  } catch {
    return false;
  }
}

function notFound(name: string): PlatformError {
  return new PlatformError('FILE_NOT_FOUND', `No file named ${JSON.stringify(name)}.`);
}

function conflict(name: string, reason: string): PlatformError {
  return new PlatformError('FILE_NAME_CONFLICT', `Cannot store ${JSON.stringify(name)}: ${reason}.`);
}
